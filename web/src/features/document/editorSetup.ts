/** ProseMirror schema, plugins and commands for a Yjs-bound document. */
import { baseKeymap, setBlockType, toggleMark } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import type { MarkType, NodeType } from 'prosemirror-model';
import { schema } from 'prosemirror-schema-basic';
import { EditorState, type Command } from 'prosemirror-state';
import { redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { cursorBuilder, selectionBuilder, type CursorLabels } from './cursors.js';

export { schema };

const insertHardBreak: Command = (state, dispatch) => {
  dispatch?.(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView());
  return true;
};

export const commands = {
  bold: toggleMark(schema.marks.strong),
  italic: toggleMark(schema.marks.em),
  heading1: setBlockType(schema.nodes.heading, { level: 1 }),
  heading2: setBlockType(schema.nodes.heading, { level: 2 }),
  paragraph: setBlockType(schema.nodes.paragraph),
  undo: undoCommand,
  redo: redoCommand,
} satisfies Record<string, Command>;

export function createEditorState(
  fragment: Y.XmlFragment,
  awareness: Awareness,
  getLabels: () => CursorLabels,
): EditorState {
  return EditorState.create({
    schema,
    plugins: [
      ySyncPlugin(fragment),
      yCursorPlugin(awareness, { cursorBuilder: cursorBuilder(getLabels), selectionBuilder }),
      yUndoPlugin(),
      keymap({
        'Mod-z': commands.undo,
        'Mod-y': commands.redo,
        'Mod-Shift-z': commands.redo,
        'Mod-b': commands.bold,
        'Mod-i': commands.italic,
        'Mod-Alt-1': commands.heading1,
        'Mod-Alt-2': commands.heading2,
        'Mod-Alt-0': commands.paragraph,
        'Shift-Enter': insertHardBreak,
      }),
      keymap(baseKeymap),
    ],
  });
}

export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

export function isBlockActive(state: EditorState, type: NodeType, attrs?: Record<string, unknown>): boolean {
  return state.selection.$from.parent.hasMarkup(type, attrs);
}
