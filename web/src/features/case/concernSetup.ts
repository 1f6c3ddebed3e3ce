/**
 * The concern note (bekymring): ProseMirror on the case document's 'prosemirror'
 * fragment, with who wrote what shown per run of text (concernLabels.ts). Paragraph
 * attributes that older browsers wrote (`author`, `sector`) are kept in the
 * schema so such documents still load, but they are never shown or trusted.
 */
import { baseKeymap, chainCommands, createParagraphNear, liftEmptyBlock, newlineInCode, splitBlock, toggleMark } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { Schema, type Node as PMNode } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { EditorState, Plugin } from 'prosemirror-state';
import { redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { findCprNumbers } from '../../../../shared/cpr.js';
import { cursorBuilder, selectionBuilder } from '../document/cursors.js';
import { labelPlugin, type ConcernLabels } from './concernLabels.js';

const paragraphSpec = basic.spec.nodes.get('paragraph')!;
export const concernSchema = new Schema({
  nodes: basic.spec.nodes.update('paragraph', {
    ...paragraphSpec,
    // Written by older browsers into the shared document; loaded so such paragraphs keep their place, never shown.
    attrs: { author: { default: null }, sector: { default: null } },
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', { class: 'concern-p' }, 0],
  }),
  marks: basic.spec.marks,
});

const cprCount = (doc: PMNode) => findCprNumbers(doc.textBetween(0, doc.content.size, ' ', ' ')).length;

/**
 * LB2: a local change that would add a CPR number to the note is not applied
 * (so it never reaches the shared document); `onRefused` tells the page.
 * Changes from others (through Yjs) are not filtered: they are already stored.
 */
function cprGuardPlugin(onRefused: () => void): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (!tr.docChanged || (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) return true;
      if (cprCount(tr.doc) <= cprCount(state.doc)) return true;
      onRefused();
      return false;
    },
  });
}

export function createConcernState(
  fragment: Y.XmlFragment,
  awareness: Awareness,
  getLabels: () => ConcernLabels,
  onCprRefused: () => void = () => {},
): EditorState {
  return EditorState.create({
    schema: concernSchema,
    plugins: [
      cprGuardPlugin(onCprRefused),
      ySyncPlugin(fragment),
      yCursorPlugin(awareness, { cursorBuilder: cursorBuilder(getLabels), selectionBuilder }),
      yUndoPlugin(),
      labelPlugin(fragment, getLabels),
      keymap({
        'Mod-z': undoCommand,
        'Mod-y': redoCommand,
        'Mod-Shift-z': redoCommand,
        'Mod-b': toggleMark(concernSchema.marks.strong),
        'Mod-i': toggleMark(concernSchema.marks.em),
        // A new paragraph carries no author: who wrote it is read from the text itself.
        Enter: chainCommands(newlineInCode, createParagraphNear, liftEmptyBlock, splitBlock),
      }),
      keymap(baseKeymap),
    ],
  });
}
