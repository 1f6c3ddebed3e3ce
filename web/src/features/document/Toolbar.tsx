/** Formatting buttons; every action also has a keyboard shortcut (see editorSetup). */
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useT, type MessageKey } from '../../i18n/index.js';
import { commands, isBlockActive, isMarkActive, schema } from './editorSetup.js';

interface Button {
  label: MessageKey;
  shortcut: string;
  run: keyof typeof commands;
  active?: (s: EditorState) => boolean;
}

const BUTTONS: Button[] = [
  { label: 'toolbar.bold', shortcut: 'Ctrl+B', run: 'bold', active: (s) => isMarkActive(s, schema.marks.strong) },
  { label: 'toolbar.italic', shortcut: 'Ctrl+I', run: 'italic', active: (s) => isMarkActive(s, schema.marks.em) },
  { label: 'toolbar.h1', shortcut: 'Ctrl+Alt+1', run: 'heading1', active: (s) => isBlockActive(s, schema.nodes.heading, { level: 1 }) },
  { label: 'toolbar.h2', shortcut: 'Ctrl+Alt+2', run: 'heading2', active: (s) => isBlockActive(s, schema.nodes.heading, { level: 2 }) },
  { label: 'toolbar.paragraph', shortcut: 'Ctrl+Alt+0', run: 'paragraph', active: (s) => isBlockActive(s, schema.nodes.paragraph) },
  { label: 'toolbar.undo', shortcut: 'Ctrl+Z', run: 'undo' },
  { label: 'toolbar.redo', shortcut: 'Ctrl+Y', run: 'redo' },
];

export function Toolbar({ view, state }: { view: EditorView; state: EditorState }) {
  const t = useT();
  return (
    <div className="toolbar" role="group" aria-label={t('toolbar.label')}>
      {BUTTONS.map((b) => {
        const command = commands[b.run];
        const enabled = command(state);
        return (
          <button
            key={b.run}
            type="button"
            className="toolbar__button"
            aria-pressed={b.active ? b.active(state) : undefined}
            aria-keyshortcuts={b.shortcut.replace(/Ctrl/g, 'Control')}
            title={`${t(b.label)} (${b.shortcut})`}
            aria-disabled={!enabled}
            // Keep the editor's selection when the button is clicked with a mouse.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              if (command(view.state, view.dispatch, view)) view.focus();
            }}
          >
            {t(b.label)}
          </button>
        );
      })}
    </div>
  );
}
