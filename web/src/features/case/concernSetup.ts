/**
 * The concern note (bekymring): ProseMirror on the case document's 'prosemirror'
 * fragment. Each paragraph carries `author` (user id) and `sector`; a plugin
 * stamps new paragraphs and paragraphs without an author with the writer's,
 * and decorations show "Skole · Mette Skov" above each writer's paragraphs.
 */
import { baseKeymap, chainCommands, createParagraphNear, liftEmptyBlock, newlineInCode, splitBlockAs, toggleMark } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { Schema, type Node as PMNode } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { EditorState, Plugin, PluginKey, type Command, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { SECTORS, type Sector } from '../../../../shared/domain.js';
import { cursorBuilder, selectionBuilder, type CursorLabels } from '../document/cursors.js';

const isSector = (v: unknown): v is Sector => typeof v === 'string' && (SECTORS as readonly string[]).includes(v);
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const paragraphSpec = basic.spec.nodes.get('paragraph')!;
export const concernSchema = new Schema({
  nodes: basic.spec.nodes.update('paragraph', {
    ...paragraphSpec,
    attrs: { author: { default: null }, sector: { default: null } },
    parseDOM: [
      {
        tag: 'p',
        getAttrs: (dom: HTMLElement) => ({
          author: ID.test(dom.getAttribute('data-author') ?? '') ? dom.getAttribute('data-author') : null,
          sector: isSector(dom.getAttribute('data-sector')) ? dom.getAttribute('data-sector') : null,
        }),
      },
    ],
    toDOM: (node: PMNode) => {
      const attrs: Record<string, string> = { class: 'concern-p' };
      if (typeof node.attrs['author'] === 'string') attrs['data-author'] = node.attrs['author'];
      if (isSector(node.attrs['sector'])) attrs['data-sector'] = node.attrs['sector'];
      return ['p', attrs, 0];
    },
  }),
  marks: basic.spec.marks,
});

export interface Writer {
  id: string;
  sector: Sector | null;
}

export interface ConcernLabels extends CursorLabels {
  /** "Skole · Mette Skov" for a paragraph's attributes. */
  paragraphLabel: (author: string | null, sector: Sector | null) => string;
}

const stampKey = new PluginKey('concern-stamp');
export const labelKey = new PluginKey<DecorationSet>('concern-labels');

/** Stamps paragraphs that have no author with the current writer (never for remote changes). */
function stampPlugin(getWriter: () => Writer | null): Plugin {
  return new Plugin({
    key: stampKey,
    appendTransaction(trs: readonly Transaction[], _old, state) {
      if (!trs.some((tr) => tr.docChanged)) return null;
      // Changes that arrived from Yjs (other people) are theirs, not ours.
      if (trs.every((tr) => (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin)) return null;
      const writer = getWriter();
      if (!writer) return null;
      let tr: Transaction | null = null;
      state.doc.forEach((node, pos) => {
        if (node.type !== concernSchema.nodes.paragraph || node.attrs['author']) return;
        // An empty, untouched paragraph (the initial one) stays unclaimed until someone writes in it.
        if (node.content.size === 0 && state.doc.childCount === 1) return;
        tr ??= state.tr;
        tr.setNodeMarkup(pos, undefined, { ...node.attrs, author: writer.id, sector: writer.sector });
      });
      return tr;
    },
  });
}

function buildLabels(doc: PMNode, labels: ConcernLabels): DecorationSet {
  const decos: Decoration[] = [];
  let previous: string | null = null;
  doc.forEach((node, pos) => {
    if (node.type !== concernSchema.nodes.paragraph) {
      previous = null;
      return;
    }
    const author = typeof node.attrs['author'] === 'string' ? (node.attrs['author'] as string) : null;
    const sector = isSector(node.attrs['sector']) ? node.attrs['sector'] : null;
    const key = `${author ?? ''}|${sector ?? ''}`;
    // One label per run of paragraphs by the same writer.
    if (author && key !== previous) {
      const text = labels.paragraphLabel(author, sector);
      decos.push(
        Decoration.widget(
          pos,
          () => {
            const el = document.createElement('span');
            el.className = 'concern-label';
            if (sector) el.dataset['sector'] = sector;
            el.dataset['testid'] = 'concern-label';
            el.contentEditable = 'false';
            el.textContent = text;
            return el;
          },
          { side: -1, key: `${key}|${text}`, ignoreSelection: true },
        ),
      );
    }
    previous = author ? key : null;
  });
  return DecorationSet.create(doc, decos);
}

function labelPlugin(getLabels: () => ConcernLabels): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: labelKey,
    state: {
      init: (_config, state) => buildLabels(state.doc, getLabels()),
      apply: (tr, old, _oldState, newState) => (tr.docChanged || tr.getMeta(labelKey) ? buildLabels(newState.doc, getLabels()) : old),
    },
    props: {
      decorations: (state) => labelKey.getState(state),
    },
  });
}

export function createConcernState(
  fragment: Y.XmlFragment,
  awareness: Awareness,
  getWriter: () => Writer | null,
  getLabels: () => ConcernLabels,
): EditorState {
  const p = concernSchema.nodes.paragraph;
  // Enter starts a new paragraph that belongs to the writer, not to the one split.
  const splitAsMine: Command = splitBlockAs((node) => {
    if (node.type !== p) return null;
    const w = getWriter();
    return { type: p, attrs: { author: w?.id ?? null, sector: w?.sector ?? null } };
  });
  return EditorState.create({
    schema: concernSchema,
    plugins: [
      ySyncPlugin(fragment),
      yCursorPlugin(awareness, { cursorBuilder: cursorBuilder(getLabels), selectionBuilder }),
      yUndoPlugin(),
      stampPlugin(getWriter),
      labelPlugin(getLabels),
      keymap({
        'Mod-z': undoCommand,
        'Mod-y': redoCommand,
        'Mod-Shift-z': redoCommand,
        'Mod-b': toggleMark(concernSchema.marks.strong),
        'Mod-i': toggleMark(concernSchema.marks.em),
        Enter: chainCommands(newlineInCode, createParagraphNear, liftEmptyBlock, splitAsMine),
      }),
      keymap(baseKeymap),
    ],
  });
}
