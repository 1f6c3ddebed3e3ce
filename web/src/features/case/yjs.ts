/** Small helpers for binding React to the case's Y.Doc. */
import { useEffect, useState } from 'react';
import * as Y from 'yjs';

/** Re-renders the caller on every change of the document (local or remote). */
export function useYVersion(ydoc: Y.Doc): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    ydoc.on('update', bump);
    return () => ydoc.off('update', bump);
  }, [ydoc]);
  return version;
}

export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function isYMap(v: unknown): v is Y.Map<unknown> {
  return v instanceof Y.Map;
}

/** The Y.Maps of an array, skipping anything odd another client may have written. */
export function mapsOf(arr: Y.Array<unknown> | null | undefined): Y.Map<unknown>[] {
  return arr ? arr.toArray().filter(isYMap) : [];
}

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Moves the map at `from` to `to` in one transaction. A Yjs type cannot be
 * inserted twice, so the row is copied (its values are plain).
 */
export function moveRow(ydoc: Y.Doc, arr: Y.Array<unknown>, from: number, to: number): void {
  if (to < 0 || to >= arr.length || from === to) return;
  ydoc.transact(() => {
    const row = arr.get(from);
    if (!isYMap(row)) return;
    const copy = new Y.Map<unknown>();
    row.forEach((value, key) => {
      copy.set(key, value);
    });
    arr.delete(from, 1);
    arr.insert(to, [copy]);
  });
}

/** Replaces a Y.Text's content by the smallest delete + insert (common prefix and suffix kept). */
export function applyTextDiff(ydoc: Y.Doc, ytext: Y.Text, next: string): void {
  const prev = ytext.toString();
  if (prev === next) return;
  let start = 0;
  while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev[endPrev - 1] === next[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  ydoc.transact(() => {
    if (endPrev > start) ytext.delete(start, endPrev - start);
    if (endNext > start) ytext.insert(start, next.slice(start, endNext));
  });
}

/** Focuses an element by id after React has rendered the change. */
export function focusSoon(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
