/** The concern note editor: paragraphs marked with the writer's sector colour and name. */
import { useEffect, useRef } from 'react';
import { EditorView } from 'prosemirror-view';
import type { Sector } from '../../../../shared/domain.js';
import { useT } from '../../i18n/index.js';
import type { Collab } from '../../lib/collab.js';
import { sectorLabel } from '../../lib/labels.js';
import { createConcernState, labelKey, type ConcernLabels, type Writer } from './concernSetup.js';

interface Props {
  collab: Collab;
  editable: boolean;
  writer: Writer | null;
  /** user id → name, from the forum's members. */
  names: Map<string, string>;
  labelledBy: string;
  describedBy?: string;
}

export function ConcernEditor({ collab, editable, writer, names, labelledBy, describedBy }: Props) {
  const t = useT();
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);

  const labels: ConcernLabels = {
    sectorLabel: (s) => sectorLabel(t, s),
    paragraphLabel: (author: string | null, sector: Sector | null) =>
      [sector ? sectorLabel(t, sector) : '', (author && names.get(author)) || (author ? t('case.unknownWriter') : '')]
        .filter(Boolean)
        .join(' · '),
  };
  const labelsRef = useRef(labels);
  labelsRef.current = labels;
  const writerRef = useRef(writer);
  writerRef.current = writer;
  const editableRef = useRef(editable);
  editableRef.current = editable;

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return;
    const fragment = collab.ydoc.getXmlFragment('prosemirror');
    const v: EditorView = new EditorView(
      { mount },
      {
        state: createConcernState(fragment, collab.provider.awareness, () => writerRef.current, () => labelsRef.current),
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

  // Names arrive after the members list loads; language can change: redraw the labels.
  const labelSignature = [...names.entries()].join(',') + t('case.unknownWriter');
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
