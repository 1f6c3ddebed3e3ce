/**
 * The concern note's writer labels (docs/SPEC.md, AT1, WB3): each run of text
 * by one writer marked with the writer's sector colour and name in its title,
 * and a label ("Skole · Mette Skov") at the start of each paragraph and where
 * the writer changes inside one. Paragraphs are labelled independently, so a
 * change relabels only the paragraphs it touched or added, and a new answer
 * from the server only the paragraphs holding text whose writer it changed
 * (web/bench/concern-labels.ts); the language relabels all of them.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import * as Y from 'yjs';
import type { Sector } from '../../../../shared/domain.js';
import type { CursorLabels } from '../document/cursors.js';
import { blockSpans } from './authorship.js';
import type { Authorship, ClockRanges, Person } from './useAuthorship.js';

export interface ConcernLabels extends CursorLabels {
  /** Who typed what (useAuthorship). */
  authorship: () => Authorship;
  /** "Skole · Mette Skov" for a writer (null: not known yet). */
  writerLabel: (writer: Person | null) => string;
}

/** Meta of a transaction that asks for labels: every paragraph, or the ones whose Yjs elements changed. */
export type LabelRequest = 'all' | ReadonlySet<Y.XmlElement>;

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

/** The decorations of one paragraph whose content starts at `start`. */
function paragraphLabels(block: Y.XmlElement, start: number, labels: ConcernLabels, authorship: Authorship, out: Decoration[]): void {
  let previous: string | null = null;
  for (const span of blockSpans(block, start, authorship.attribution)) {
    const writer = span.known ? authorship.person(span.writer) : null;
    const text = labels.writerLabel(writer);
    const attrs: Record<string, string> = { class: 'concern-run', title: text };
    if (writer) {
      attrs['data-writer'] = writer.userId;
      if (writer.sector) attrs['data-sector'] = writer.sector;
    }
    out.push(Decoration.inline(span.from, span.to, attrs));
    if (span.writer !== previous) {
      const inline = span.from !== start;
      out.push(Decoration.widget(span.from, labelWidget(text, writer?.sector ?? null, inline), { side: -1, key: `${span.writer}|${text}|${inline}`, ignoreSelection: true }));
    }
    previous = span.writer;
  }
}

/** Labels for the whole note (empty while the Yjs fragment and the ProseMirror document disagree). */
export function buildLabels(fragment: Y.XmlFragment, doc: PMNode, labels: ConcernLabels): DecorationSet {
  const blocks = fragment.toArray();
  if (blocks.length !== doc.childCount) return DecorationSet.empty;
  const authorship = labels.authorship();
  const decos: Decoration[] = [];
  doc.forEach((_node, offset, index) => {
    const block = blocks[index];
    if (block instanceof Y.XmlElement) paragraphLabels(block, offset + 1, labels, authorship, decos);
  });
  return DecorationSet.create(doc, decos);
}

/** `labels` (already mapped to `doc`) with the paragraphs of `changed` labelled again. */
export function relabel(set: DecorationSet, fragment: Y.XmlFragment, doc: PMNode, labels: ConcernLabels, changed: ReadonlySet<Y.XmlElement>): DecorationSet {
  const blocks = fragment.toArray();
  if (blocks.length !== doc.childCount) return buildLabels(fragment, doc, labels);
  const authorship = labels.authorship();
  let next = set;
  doc.forEach((node, offset, index) => {
    const block = blocks[index];
    if (!(block instanceof Y.XmlElement) || !changed.has(block)) return;
    const from = offset + 1;
    next = next.remove(next.find(from, from + node.content.size));
    const decos: Decoration[] = [];
    paragraphLabels(block, from, labels, authorship, decos);
    next = next.add(doc, decos);
  });
  return next;
}

/** The paragraphs holding any of the characters in `ranges`. */
export function paragraphsWith(fragment: Y.XmlFragment, ranges: ClockRanges): Set<Y.XmlElement> {
  const found = new Set<Y.XmlElement>();
  if (!ranges.size) return found;
  const hit = (item: Y.Item) =>
    ranges.get(item.id.client)?.some(([from, to]) => item.id.clock < to && item.id.clock + item.length > from) ?? false;
  const holds = (type: Y.XmlElement | Y.XmlText | Y.XmlHook): boolean => {
    if (type instanceof Y.XmlText) {
      for (let item = type._start; item; item = item.right) if (!item.deleted && hit(item)) return true;
      return false;
    }
    return type instanceof Y.XmlElement && type.toArray().some(holds);
  };
  for (const block of fragment.toArray()) if (block instanceof Y.XmlElement && holds(block)) found.add(block);
  return found;
}

/** The paragraph (a direct child of the fragment) a Yjs event happened in; null for the fragment itself. */
function paragraphOf(fragment: Y.XmlFragment, target: Y.AbstractType<unknown>): Y.XmlElement | null {
  let type: Y.AbstractType<unknown> | null = target;
  while (type && type !== fragment) {
    const parent: Y.AbstractType<unknown> | null = (type._item?.parent as Y.AbstractType<unknown> | undefined) ?? null;
    if (parent === fragment) return type instanceof Y.XmlElement ? type : null;
    type = parent;
  }
  return null;
}

/**
 * The labels are rebuilt from the Yjs items whenever the fragment changes (a
 * local edit reaches it only after ProseMirror's transaction, in
 * y-prosemirror's view update, so rebuilding in `apply` would lag a
 * keystroke); in between they are mapped through each transaction.
 */
export function labelPlugin(fragment: Y.XmlFragment, getLabels: () => ConcernLabels): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: labelKey,
    state: {
      init: (_config, state) => buildLabels(fragment, state.doc, getLabels()),
      apply: (tr, old) => {
        const request = tr.getMeta(labelKey) as LabelRequest | undefined;
        if (request === 'all') return buildLabels(fragment, tr.doc, getLabels());
        const mapped = old.map(tr.mapping, tr.doc);
        return request ? relabel(mapped, fragment, tr.doc, getLabels(), request) : mapped;
      },
    },
    props: {
      decorations: (state) => labelKey.getState(state),
    },
    view(view) {
      let pending: Set<Y.XmlElement> | 'all' | null = null;
      // One dispatch per microtask for everything that changed meanwhile.
      const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
        const first = pending === null;
        const set: Set<Y.XmlElement> = pending instanceof Set ? pending : new Set();
        for (const event of events) {
          if (event.target === fragment) {
            // Paragraphs added (Enter, a paste); removed ones take their labels with them.
            for (const item of event.changes.added) if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlElement) set.add(item.content.type);
            continue;
          }
          const paragraph = paragraphOf(fragment, event.target);
          if (paragraph) set.add(paragraph);
        }
        if (pending !== 'all') pending = set;
        if (!first || pending === null) return;
        queueMicrotask(() => {
          const request = pending;
          pending = null;
          if (request && !view.isDestroyed) view.dispatch(view.state.tr.setMeta(labelKey, request));
        });
      };
      fragment.observeDeep(onChange);
      return { destroy: () => fragment.unobserveDeep(onChange) };
    },
  });
}
