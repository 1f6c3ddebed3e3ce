/**
 * The exhaustive reader of the key figures tests (not a test file itself): given a table and which of its cells are
 * hidden, every value a hidden cell can hold when everything shown is taken at its word.
 */
import { BLANK, type CountTable } from '../server/features/keyfigures/suppress.js';

/**
 * The exhaustive reader: for each hidden cell, whether at least two of its values are part of some complete
 * assignment of every hidden cell that agrees with what is shown (the shown cells, each hidden cell's display:
 * "<5" is 0-4, "x" is 5 or more, and every line's equation). A depth-first search over whole numbers with bounds
 * propagated through the lines at each step (written here on its own, not the audit of suppress.ts).
 */
export function possibleValues(cube: CountTable, hidden: Uint8Array): Map<number, Set<number>> {
  const lines = cube.lines();
  // "x" is 5 or more: the reader knows no upper bound but what the lines give; 100 stands for "any".
  const cap = 100;
  const cells = [...hidden.keys()].filter((i) => hidden[i]);
  const initial = (): [number[], number[]] => {
    const lo: number[] = [];
    const hi: number[] = [];
    for (let i = 0; i < cube.length; i++) {
      if (!hidden[i]) [lo[i], hi[i]] = [cube.n[i]!, cube.n[i]!];
      else if (hidden[i] === BLANK) [lo[i], hi[i]] = [0, cap];
      else if (cube.n[i]! < 5) [lo[i], hi[i]] = [0, 4];
      else [lo[i], hi[i]] = [5, cap];
    }
    return [lo, hi];
  };
  /** Narrows lo/hi in place through every line; false if some cell has no value left. */
  const propagate = (lo: number[], hi: number[]): boolean => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const l of lines) {
        const t = l[l.length - 1]!;
        const ms = [...l.slice(0, -1)];
        const sLo = ms.reduce((s, i) => s + lo[i]!, 0);
        const sHi = ms.reduce((s, i) => s + hi[i]!, 0);
        const set = (i: number, a: number, b: number) => {
          if (a > lo[i]!) {
            lo[i] = a;
            changed = true;
          }
          if (b < hi[i]!) {
            hi[i] = b;
            changed = true;
          }
        };
        set(t, sLo, sHi);
        for (const i of ms) set(i, lo[t]! - (sHi - hi[i]!), hi[t]! - (sLo - lo[i]!));
        if (l.some((i) => lo[i]! > hi[i]!)) return false;
      }
    }
    return true;
  };
  /** Some complete whole-number assignment within lo/hi exists. */
  const solvable = (lo: number[], hi: number[]): boolean => {
    if (!propagate(lo, hi)) return false;
    const open = cells.find((i) => lo[i]! < hi[i]!);
    if (open === undefined) return true;
    for (let v = lo[open]!; v <= hi[open]!; v++) {
      const l2 = [...lo];
      const h2 = [...hi];
      l2[open] = h2[open] = v;
      if (solvable(l2, h2)) return true;
    }
    return false;
  };
  const found = new Map<number, Set<number>>();
  for (const i of cells) {
    const values = new Set<number>();
    const [lo, hi] = initial();
    propagate(lo, hi);
    for (let v = lo[i]!; v <= hi[i]! && values.size < 2; v++) {
      const [l2, h2] = initial();
      l2[i] = h2[i] = v;
      if (solvable(l2, h2)) values.add(v);
    }
    found.set(i, values);
  }
  return found;
}

