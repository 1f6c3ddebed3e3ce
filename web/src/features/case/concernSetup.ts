/**
 * The concern note (bekymring): ProseMirror on the case document's 'prosemirror'
 * fragment. Who wrote what is shown per run of text, from the Yjs client id
 * of each character and the server's binding of that id to a user and sector
 * (docs/SPEC.md, P10; authorship.ts): "Skole · Mette Skov" where a writer's
 * text begins, and each run marked in the writer's sector colour. Paragraph
 * attributes that older browsers wrote (`author`, `sector`) are kept in the
 * schema so such documents still load, but they are never shown or trusted.
 */
import { baseKeymap, chainCommands, createParagraphNear, liftEmptyBlock, newlineInCode, splitBlock, toggleMark } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { Schema, type Node as PMNode } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { EditorState, Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { DocWriter } from '../../../../shared/api.js';
import { findCprNumbers } from '../../../../shared/cpr.js';
import type { Sector } from '../../../../shared/domain.js';
import { cursorBuilder, selectionBuilder, type CursorLabels } from '../document/cursors.js';
import { clientRuns } from './authorship.js';

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

export interface ConcernLabels extends CursorLabels {
  /** The writer bound to each client id (useWriters). */
  writers: () => ReadonlyMap<number, DocWriter>;
  /** "Skole · Mette Skov" for a writer (null: not known yet). */
  writerLabel: (writer: DocWriter | null) => string;
}

export const labelKey = new PluginKey<DecorationSet>('concern-labels');

function labelWidget(text: string, sector: Sector | null, inline: boolean): () => HTMLElement {
  return () => {
    const el = document.createElement('span');
    el.className = inline ? 'concern-label concern-label--inline' : 'concern-label';
    if (sector) el.dataset['sector'] = sector;
    el.dataset['testid'] = 'concern-label';
    el.contentEditable = 'false';
    el.textContent = text;
    return el;
  };
}

/** Decorations for every run of text by one writer, and a label where a writer's text begins. */
function buildLabels(fragment: Y.XmlFragment, doc: PMNode, labels: ConcernLabels): DecorationSet {
  const writers = labels.writers();
  const decos: Decoration[] = [];
  let previous: string | null = null;
  const paragraphStarts = new Set<number>();
  doc.forEach((_node, offset) => paragraphStarts.add(offset + 1));
  for (const run of clientRuns(fragment, doc)) {
    const writer = writers.get(run.clientId) ?? null;
    const who = writer?.userId ?? `client:${run.clientId}`;
    const text = labels.writerLabel(writer);
    const attrs: Record<string, string> = { class: 'concern-run', title: text };
    if (writer) {
      attrs['data-writer'] = writer.userId;
      attrs['data-sector'] = writer.sector;
    }
    decos.push(Decoration.inline(run.from, run.to, attrs));
    if (who !== previous) {
      const inline = !paragraphStarts.has(run.from);
      decos.push(Decoration.widget(run.from, labelWidget(text, writer?.sector ?? null, inline), { side: -1, key: `${who}|${text}|${inline}`, ignoreSelection: true }));
    }
    previous = who;
  }
  return DecorationSet.create(doc, decos);
}

/**
 * The labels are rebuilt from the Yjs items whenever the fragment changes (a
 * local edit reaches it only after ProseMirror's transaction, in
 * y-prosemirror's view update, so rebuilding in `apply` would lag a
 * keystroke); in between they are mapped through each transaction.
 */
function labelPlugin(fragment: Y.XmlFragment, getLabels: () => ConcernLabels): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: labelKey,
    state: {
      init: (_config, state) => buildLabels(fragment, state.doc, getLabels()),
      apply: (tr, old) => (tr.getMeta(labelKey) ? buildLabels(fragment, tr.doc, getLabels()) : old.map(tr.mapping, tr.doc)),
    },
    props: {
      decorations: (state) => labelKey.getState(state),
    },
    view(view) {
      let queued = false;
      const rebuild = () => {
        if (queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(labelKey, true));
        });
      };
      fragment.observeDeep(rebuild);
      return { destroy: () => fragment.unobserveDeep(rebuild) };
    },
  });
}

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
