/**
 * npx tsx web/bench/concern-labels.ts: how long the concern editor takes to
 * rebuild its writer labels (docs/performance.md, AT1) for a 20-page note
 * written by 6 writers: about 60 000 characters in 400 paragraphs, each
 * paragraph typed in turns by several writers, with moved text (splits and
 * pastes the server attributed to someone else) every few paragraphs.
 * A keystroke relabels the paragraph it changed; the server's answer about
 * who wrote what (after a pause), Enter and the language relabel all of it.
 * Both must fit in a frame (16 ms) to show without a visible lag.
 * Prints milliseconds: the median and the slowest of 30 rebuilds.
 */
import { initProseMirrorDoc } from 'y-prosemirror';
import * as Y from 'yjs';
import type { MovedRange } from '../../shared/authorship.js';
import { Attribution } from '../../shared/authorship.js';
import { writerSpans } from '../src/features/case/authorship.js';
import { buildLabels, paragraphsWith, relabel, type ConcernLabels } from '../src/features/case/concernLabels.js';
import { concernSchema } from '../src/features/case/concernSetup.js';
import type { Person } from '../src/features/case/useAuthorship.js';

const WRITERS = 6;
const PARAGRAPHS = 400;
const CHARS_PER_PARAGRAPH = 150;
const ROUNDS = 30;

const docs = Array.from({ length: WRITERS }, () => new Y.Doc());
const sync = () => {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
};
const people = new Map<string, Person>(docs.map((_d, i) => [`user-${i}`, { userId: `user-${i}`, name: `Skriver ${i}`, sector: 'SKOLE' }]));
const owners = new Map(docs.map((d, i) => [d.clientID, `user-${i}`]));
const moved: MovedRange[] = [];

let seed = 7;
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const words = 'barnet kommer ofte sent og virker træt i de første timer mor fortæller at aftenerne er svære'.split(' ');
for (let p = 0; p < PARAGRAPHS; p++) {
  const first = docs[p % WRITERS]!;
  const fragment = first.getXmlFragment('prosemirror');
  const para = new Y.XmlElement('paragraph');
  para.insert(0, [new Y.XmlText()]);
  fragment.push([para]);
  sync();
  // Writers take turns adding a sentence to the paragraph, as in a meeting.
  let length = 0;
  while (length < CHARS_PER_PARAGRAPH) {
    const w = docs[Math.floor(rnd() * WRITERS)]!;
    const text = (w.getXmlFragment('prosemirror').get(p) as Y.XmlElement).get(0) as Y.XmlText;
    const sentence = ` ${words[Math.floor(rnd() * words.length)]} ${words[Math.floor(rnd() * words.length)]}.`;
    const clock = Y.getState(w.store, w.clientID);
    text.insert(Math.floor(rnd() * (text.length + 1)), sentence);
    if (rnd() < 0.1) moved.push({ clientId: w.clientID, clock, length: Math.min(4, sentence.length), userId: `user-${(owners.size + p) % WRITERS}` });
    length += sentence.length;
    sync();
  }
}

const fragment = docs[0]!.getXmlFragment('prosemirror');
const { doc } = initProseMirrorDoc(fragment, concernSchema);
const attribution = new Attribution((c) => owners.get(c), moved);
const labels: ConcernLabels = {
  sectorLabel: () => 'Skole',
  authorship: () => ({ attribution, person: (id) => (id ? (people.get(id) ?? null) : null), entry: () => ({ addedBy: null, changedBy: null }), voice: () => null, changedSince: () => 'all' }),
  writerLabel: (w) => (w ? `Skole · ${w.name}` : 'Tidligere medlem'),
};

function measure(label: string, run: () => unknown): void {
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(34)} median ${samples[ROUNDS >> 1]!.toFixed(2)} ms   slowest ${samples[ROUNDS - 1]!.toFixed(2)} ms`);
}

const spans = writerSpans(fragment, doc, attribution);
console.log(`note: ${doc.textContent.length} characters, ${doc.childCount} paragraphs, ${WRITERS} writers, ${spans.length} runs, ${moved.length} moved ranges`);
measure('writer runs (writerSpans)', () => writerSpans(fragment, doc, attribution));
measure('whole note labelled (buildLabels)', () => buildLabels(fragment, doc, labels));
const all = buildLabels(fragment, doc, labels);
const middle = new Set([fragment.get(PARAGRAPHS >> 1) as Y.XmlElement]);
measure('one paragraph relabelled (relabel)', () => relabel(all, fragment, doc, labels, middle));
// The server's answer after a pause: three new moved ranges somewhere in the note.
const fresh = new Map<number, Array<[number, number]>>();
for (const m of moved.slice(-3)) fresh.set(m.clientId, [...(fresh.get(m.clientId) ?? []), [m.clock, m.clock + m.length]]);
measure('new answer relabelled (3 ranges)', () => relabel(all, fragment, doc, labels, paragraphsWith(fragment, fresh)));
