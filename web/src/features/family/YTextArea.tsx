/**
 * A textarea bound to a Y.Text of the case document: each change written as the smallest delete and insert, the
 * caret kept where it was when someone else's typing re-renders the text, and a change that would put a CPR number
 * into the shared document not written (LB2; the server refuses it from any client too, LB9).
 */
import { useLayoutEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { CprRefused, useCprRefusal } from '../privacy/index.js';
import { applyTextDiff } from '../case/yjs.js';

interface Props {
  ydoc: Y.Doc;
  ytext: Y.Text;
  id: string;
  testId?: string;
  readOnly: boolean;
  rows?: number;
  describedBy?: string;
}

export function YTextArea({ ydoc, ytext, id, testId, readOnly, rows = 3, describedBy }: Props) {
  const { refused, guard } = useCprRefusal();
  const value = ytext.toString();
  const ref = useRef<HTMLTextAreaElement>(null);
  const selection = useRef<{ start: number; end: number } | null>(null);

  useLayoutEffect(() => {
    const el = ref.current;
    const sel = selection.current;
    if (el && sel && document.activeElement === el && el.value === value) {
      el.setSelectionRange(Math.min(sel.start, value.length), Math.min(sel.end, value.length));
    }
  }, [value]);

  const remember = () => {
    const el = ref.current;
    if (el) selection.current = { start: el.selectionStart, end: el.selectionEnd };
  };

  return (
    <>
      <textarea
        id={id}
        ref={ref}
        data-testid={testId}
        rows={rows}
        readOnly={readOnly}
        value={value}
        aria-describedby={describedBy}
        onSelect={remember}
        onKeyUp={remember}
        onChange={(e) => {
          selection.current = { start: e.target.selectionStart, end: e.target.selectionEnd };
          guard(e.target.value, (v) => applyTextDiff(ydoc, ytext, v));
        }}
      />
      <CprRefused refused={refused} />
    </>
  );
}
