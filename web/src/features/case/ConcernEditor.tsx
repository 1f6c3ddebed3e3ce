/** The concern note editor: each writer's text marked with their sector colour and name (as the server attributes it). */
import { useEffect, useRef } from 'react';
import { EditorView } from 'prosemirror-view';
import { useT } from '../../i18n/index.js';
import type { Collab } from '../../lib/collab.js';
import { sectorLabel } from '../../lib/labels.js';
import { labelKey, paragraphsWith, type ConcernLabels, type LabelRequest } from './concernLabels.js';
import { createConcernState } from './concernSetup.js';
import type { Authorship } from './useAuthorship.js';

interface Props {
  collab: Collab;
  editable: boolean;
  /** Who typed what (useAuthorship, shared with the entry lists). */
  authorship: Authorship;
  labelledBy: string;
  describedBy?: string;
  /** A local change that would have added a CPR number was not applied (LB2). */
  onCprRefused?: () => void;
}

export function ConcernEditor({ collab, editable, authorship, labelledBy, describedBy, onCprRefused }: Props) {
  const t = useT();
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);

  const labels: ConcernLabels = {
    sectorLabel: (s) => sectorLabel(t, s),
    authorship: () => authorship,
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

  // The server's answer changes as colleagues write: relabel the paragraphs whose writers it changed.
  // The language can change: relabel everything.
  const language = t('case.unknownWriter');
  const shownRef = useRef<{ authorship: Authorship; language: string } | null>(null);
  useEffect(() => {
    const v = viewRef.current;
    const shown = shownRef.current;
    shownRef.current = { authorship, language };
    if (!v || v.isDestroyed || !shown) return;
    const changed = shown.language !== language ? 'all' : authorship.changedSince(shown.authorship);
    const request: LabelRequest = changed === 'all' ? 'all' : paragraphsWith(collab.ydoc.getXmlFragment('prosemirror'), changed);
    if (request === 'all' || request.size) v.dispatch(v.state.tr.setMeta(labelKey, request));
  }, [authorship, language, collab]);

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
