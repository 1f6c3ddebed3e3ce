/**
 * Random edits of a concern note as the editor makes them: ProseMirror
 * changes turned into Yjs changes by y-prosemirror's own updateYFragment,
 * undo by a Yjs UndoManager tracking the sync plugin's origin. Used by the
 * authorship property test (through the server) and the undo convergence
 * test (in memory).
 */
import { Schema, type Node as PMNode } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { Transform } from 'prosemirror-transform';
import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

/** Each writer types letters of its own alphabet only, so a character says who typed it. */
export const ALPHABETS = ['abcdefgh', 'ijklmnop', 'qrstuvwx'] as const;

/** A writer's own note: its Y.Doc, the fragment the editor binds and an undo manager like the editor's. */
export function noteWriter<T extends object>(doc: Y.Doc, alphabet: string, extra: T): NoteWriter & T {
  const fragment = doc.getXmlFragment('prosemirror');
  return { ...extra, alphabet, doc, fragment, undo: new Y.UndoManager(fragment, { trackedOrigins: new Set([ySyncPluginKey]), captureTimeout: 0 }), clipboard: null };
}


export const schema = new Schema({ nodes: basic.spec.nodes, marks: basic.spec.marks });

/** mulberry32: a small seeded generator, so a failing run can be repeated from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface NoteWriter {
  alphabet: string;
  doc: Y.Doc;
  fragment: Y.XmlFragment;
  undo: Y.UndoManager;
  clipboard: string | null;
}

/** Applies a ProseMirror change to the writer's note the way the editor's sync plugin does. */
export function edit(w: NoteWriter, change: (doc: PMNode, tr: Transform) => void): void {
  const { doc, meta } = initProseMirrorDoc(w.fragment, schema);
  const tr = new Transform(doc);
  change(doc, tr);
  if (!tr.docChanged) return;
  w.doc.transact(() => updateYFragment(w.doc, w.fragment, tr.doc, meta), ySyncPluginKey);
}

/** A random position inside a paragraph: [paragraph start, offset, paragraph size]. */
function spot(doc: PMNode, rnd: () => number): { start: number; offset: number; size: number; index: number } {
  const index = Math.floor(rnd() * doc.childCount);
  let start = 1;
  for (let i = 0; i < index; i++) start += doc.child(i).nodeSize;
  const size = doc.child(index).content.size;
  return { start, offset: Math.floor(rnd() * (size + 1)), size, index };
}

export function randomOp(w: NoteWriter, rnd: () => number): void {
  const r = rnd();
  const letters = (n: number) => Array.from({ length: n }, () => w.alphabet[Math.floor(rnd() * w.alphabet.length)]).join('');
  if (r < 0.4) {
    // Typing: one keystroke, sometimes two or three characters at once (autocomplete).
    const n = rnd() < 0.8 ? 1 : 2 + Math.floor(rnd() * 2);
    edit(w, (doc, tr) => {
      const s = spot(doc, rnd);
      tr.insert(s.start + s.offset, schema.text(letters(n)));
    });
  } else if (r < 0.52) {
    // Deleting 2-8 characters (a single character restored by undo is not matched: AT1).
    edit(w, (doc, tr) => {
      const s = spot(doc, rnd);
      const n = Math.min(2 + Math.floor(rnd() * 7), s.size - s.offset);
      if (n >= 2) tr.delete(s.start + s.offset, s.start + s.offset + n);
    });
  } else if (r < 0.64) {
    // Enter inside a paragraph.
    edit(w, (doc, tr) => {
      const s = spot(doc, rnd);
      tr.split(s.start + s.offset);
    });
  } else if (r < 0.74) {
    // Backspace at a paragraph's start: joined with the one before.
    edit(w, (doc, tr) => {
      if (doc.childCount < 2) return;
      const s = spot(doc, rnd);
      if (s.index === 0) return;
      tr.join(s.start - 1);
    });
  } else if (r < 0.82) {
    // Cut and paste in one go (drag and drop).
    edit(w, (doc, tr) => {
      const s = spot(doc, rnd);
      const n = Math.min(2 + Math.floor(rnd() * 9), s.size - s.offset);
      if (n < 2) return;
      const text = doc.textBetween(s.start + s.offset, s.start + s.offset + n);
      tr.delete(s.start + s.offset, s.start + s.offset + n);
      const to = spot(tr.doc, rnd);
      tr.insert(to.start + to.offset, schema.text(text));
    });
  } else if (r < 0.88) {
    // Cut now, paste in a later change.
    if (w.clipboard) {
      const text = w.clipboard;
      w.clipboard = null;
      edit(w, (doc, tr) => {
        const to = spot(doc, rnd);
        tr.insert(to.start + to.offset, schema.text(text));
      });
    } else {
      edit(w, (doc, tr) => {
        const s = spot(doc, rnd);
        const n = Math.min(2 + Math.floor(rnd() * 9), s.size - s.offset);
        if (n < 2) return;
        w.clipboard = doc.textBetween(s.start + s.offset, s.start + s.offset + n);
        tr.delete(s.start + s.offset, s.start + s.offset + n);
      });
    }
  } else {
    w.undo.undo();
  }
}

/** Copy and paste of 12 characters or more, from what the writer sees once everyone is in sync. */
export function copyPaste(w: NoteWriter, rnd: () => number): void {
  edit(w, (doc, tr) => {
    const s = spot(doc, rnd);
    if (s.size - s.offset < 12) return;
    const n = 12 + Math.floor(rnd() * Math.min(20, s.size - s.offset - 12 + 1));
    const text = doc.textBetween(s.start + s.offset, s.start + s.offset + n);
    const to = spot(doc, rnd);
    tr.insert(to.start + to.offset, schema.text(text));
  });
}

