/** The rich-text editor: ProseMirror bound to the collaborative Y.Doc. */
import { useEffect, useRef, useState } from 'react';
import type { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { useT } from '../../i18n/index.js';
import { FRAGMENT_NAME, type Collab } from '../../lib/collab.js';
import { sectorLabel } from '../../lib/labels.js';
import { createEditorState } from './editorSetup.js';
import { Toolbar } from './Toolbar.js';

interface Props {
  collab: Collab;
  editable: boolean;
  /** Id of an element that explains why the editor is read-only. */
  describedBy?: string;
}

export function Editor({ collab, editable, describedBy }: Props) {
  const t = useT();
  const mountRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView | null>(null);
  const [state, setState] = useState<EditorState | null>(null);

  // Read through refs so the view is created once per document, not per render.
  const labelsRef = useRef({ sectorLabel: (s: Parameters<typeof sectorLabel>[1]) => sectorLabel(t, s) });
  labelsRef.current = { sectorLabel: (s) => sectorLabel(t, s) };
  const editableRef = useRef(editable);
  editableRef.current = editable;

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return;
    const fragment = collab.ydoc.getXmlFragment(FRAGMENT_NAME);
    const v: EditorView = new EditorView(
      { mount },
      {
        state: createEditorState(fragment, collab.provider.awareness, () => labelsRef.current),
        editable: () => editableRef.current,
        // `this`, not `v`: y-prosemirror dispatches while the constructor is still running.
        // y-prosemirror also dispatches from a timeout that can fire after destroy().
        dispatchTransaction(this: EditorView, tr) {
          if (this.isDestroyed) return;
          const next = this.state.apply(tr);
          this.updateState(next);
          setState(next);
        },
      },
    );
    setView(v);
    setState(v.state);
    return () => {
      v.destroy();
      setView(null);
      setState(null);
    };
  }, [collab]);

  // Re-apply props that React owns: editability and accessible attributes.
  useEffect(() => {
    view?.setProps({
      editable: () => editable,
      attributes: {
        class: 'editor-content',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': t('doc.editorLabel'),
        'aria-readonly': String(!editable),
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      },
    });
  }, [view, editable, describedBy, t]);

  return (
    <div className="editor">
      {editable && view && state && <Toolbar view={view} state={state} />}
      <div ref={mountRef} data-testid="editor" />
    </div>
  );
}
