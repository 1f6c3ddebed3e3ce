/** The concern note editor: each writer's text marked with their sector colour and name (from the server's bindings). */
import { useEffect, useRef } from 'react';
import { EditorView } from 'prosemirror-view';
import type { DocWriter } from '../../../../shared/api.js';
import { useT } from '../../i18n/index.js';
import type { Collab } from '../../lib/collab.js';
import { sectorLabel } from '../../lib/labels.js';
import { useWriters } from '../document/useWriters.js';
import { createConcernState, labelKey, type ConcernLabels } from './concernSetup.js';

interface Props {
  collab: Collab;
  editable: boolean;
  /** The local user as a writer (their own first words are labelled before the server's binding arrives). */
  self: Omit<DocWriter, 'clientId'> | null;
  labelledBy: string;
  describedBy?: string;
  /** A local change that would have added a CPR number was not applied (LB2). */
  onCprRefused?: () => void;
}

export function ConcernEditor({ collab, editable, self, labelledBy, describedBy, onCprRefused }: Props) {
  const t = useT();
  const writers = useWriters(collab.provider.roomname, collab.ydoc, self);
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);

  const labels: ConcernLabels = {
    sectorLabel: (s) => sectorLabel(t, s),
    writers: () => writers,
    writerLabel: (w) => (w ? `${sectorLabel(t, w.sector)} · ${w.name}` : t('case.unknownWriter')),
  };
  const labelsRef = useRef(labels);
  labelsRef.current = labels;
  const editableRef = useRef(editable);
  editableRef.current = editable;
  const refusedRef = useRef(onCprRefused);
  refusedRef.current = onCprRefused;

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return;
    const fragment = collab.ydoc.getXmlFragment('prosemirror');
    const v: EditorView = new EditorView(
      { mount },
      {
        state: createConcernState(fragment, collab.provider.awareness, () => labelsRef.current, () => refusedRef.current?.()),
        editable: () => editableRef.current,
        dispatchTransaction(this: EditorView, tr) {
          if (this.isDestroyed) return;
          this.updateState(this.state.apply(tr));
        },
      },
    );
    viewRef.current = v;
    return () => {
      viewRef.current = null;
      v.destroy();
    };
  }, [collab]);

  // Bindings arrive as colleagues start writing; language can change: redraw the labels.
  const labelSignature = [...writers.values()].map((w) => `${w.clientId}:${w.name}:${w.sector}`).join(',') + t('case.unknownWriter');
  useEffect(() => {
    const v = viewRef.current;
    if (v && !v.isDestroyed) v.dispatch(v.state.tr.setMeta(labelKey, true));
  }, [labelSignature]);

  useEffect(() => {
    viewRef.current?.setProps({
      editable: () => editable,
      attributes: {
        class: 'editor-content concern-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelledBy,
        'aria-readonly': String(!editable),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      },
    });
  }, [editable, labelledBy, describedBy]);

  return (
    <div className="editor">
      <div ref={mountRef} data-testid="concern-editor" />
    </div>
  );
}
