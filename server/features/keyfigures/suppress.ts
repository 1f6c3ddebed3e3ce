/**
 * Small-number suppression of key figures (docs/SPEC.md, KF4-KF6).
 *
 * Primary: a count that covers 1-4 children (distinct cases) is hidden. Secondary: every figure is a table (a
 * "cube": forum x month x category) whose totals are cells too (the municipality over the forums, the period over
 * the months, the total over the categories). A hidden cell must not be computable from what is shown: not exactly
 * (one hidden cell in a line with its total shown) and not by narrowing (two hidden cells of 4 beside a total that
 * leaves 8 for them are both 4). An audit plays the reader: every hidden cell starts with the range its display
 * allows ("<5" is 0-4, "x" is 5 or more), every line (the cells of one dimension with their total) is an equation,
 * the ranges are narrowed over all lines until nothing changes, and each value of a hidden cell is tried. While some
 * hidden cell is pinned to one value, one more cell of a line through it is hidden: its smallest shown positive cell,
 * else a shown 0 (shown as "<5" then), else the line's total.
 */
import type { SuppressibleCount } from '../../../shared/api.js';
import { SMALL_NUMBER_THRESHOLD } from '../../../shared/domain.js';

/**
 * A count shown only when it covers no children or at least SMALL_NUMBER_THRESHOLD
 * distinct children (cases); otherwise `{ value: null, suppressed: true }`.
 */
export function suppressible(value: number, children: number = value): SuppressibleCount {
  if (children > 0 && children < SMALL_NUMBER_THRESHOLD) return { value: null, suppressed: true };
  return { value, suppressed: false };
}

/** How a hidden count is shown: "<5" when it is 1-4, "x" when it is 5 or more (hidden to protect another). */
export type Hidden = 'lt5' | 'x';

/** One dimension of a table: its members, and whether their total is a cell (at index `size`). */
export interface Dim {
  size: number;
  margin: boolean;
}

/** Counts, each with the number of distinct children it covers, and the lines (members then total) they sum in. */
export interface CountTable {
  readonly n: Int32Array;
  readonly children: Int32Array;
  readonly length: number;
  lines(): Int32Array[];
}

/** A table of counts, each with the number of distinct children it covers. Totals are cells like any other. */
export class Cube implements CountTable {
  readonly dims: readonly Dim[];
  readonly extents: number[];
  readonly strides: number[];
  readonly n: Int32Array;
  readonly children: Int32Array;

  constructor(dims: Dim[]) {
    this.dims = dims;
    this.extents = dims.map((d) => d.size + (d.margin ? 1 : 0));
    this.strides = [];
    let stride = 1;
    for (let i = dims.length - 1; i >= 0; i--) {
      this.strides[i] = stride;
      stride *= this.extents[i]!;
    }
    this.n = new Int32Array(stride);
    this.children = new Int32Array(stride);
  }

  get length(): number {
    return this.n.length;
  }

  /** The flat index of a cell; a coordinate equal to the dimension's size is its total. */
  index(coords: readonly number[]): number {
    let i = 0;
    for (let d = 0; d < coords.length; d++) {
      const c = coords[d]!;
      if (c < 0 || c >= this.extents[d]!) throw new RangeError(`coordinate ${c} out of range in dimension ${d}`);
      i += c * this.strides[d]!;
    }
    return i;
  }

  set(coords: readonly number[], n: number, children: number): void {
    const i = this.index(coords);
    this.n[i] = n;
    this.children[i] = children;
  }

  /**
   * Every line: for each dimension with a total, for each combination of the other coordinates (their totals
   * included), the cells of the dimension's members followed by their total (the last index of the line).
   */
  lines(): Int32Array[] {
    const out: Int32Array[] = [];
    for (let d = 0; d < this.dims.length; d++) {
      if (!this.dims[d]!.margin) continue;
      const others = this.dims.map((_, k) => k).filter((k) => k !== d);
      const combos = others.reduce((acc, k) => acc * this.extents[k]!, 1);
      for (let combo = 0; combo < combos; combo++) {
        let base = 0;
        let rest = combo;
        for (let j = others.length - 1; j >= 0; j--) {
          const k = others[j]!;
          base += (rest % this.extents[k]!) * this.strides[k]!;
          rest = Math.floor(rest / this.extents[k]!);
        }
        const line = new Int32Array(this.extents[d]!);
        for (let m = 0; m < this.extents[d]!; m++) line[m] = base + m * this.strides[d]!;
        out.push(line);
      }
    }
    return out;
  }
}

/** A cell of the result: shown, hidden (shown as "<5" or "x" by its value), or hidden with its whole table ("x"). */
export const SHOWN = 0;
export const HIDDEN = 1;
export const BLANK = 2;

/**
 * The range a reader knows for a cell: its value when shown, 0-4 for "<5" (a 0 hidden to protect another is shown
 * so too), 5 or more for "x", anything in a blanked table.
 */
function rangeOf(n: number, flag: number): [number, number] {
  if (flag === SHOWN) return [n, n];
  if (flag === BLANK) return [0, Infinity];
  return n < SMALL_NUMBER_THRESHOLD ? [0, SMALL_NUMBER_THRESHOLD - 1] : [SMALL_NUMBER_THRESHOLD, Infinity];
}

/** The lines of a table and, for each cell, the lines it is in. */
interface Context {
  lines: Int32Array[];
  linesOf: Int32Array[];
}

function contextOf(table: CountTable): Context {
  const lines = table.lines();
  const count = new Int32Array(table.length);
  for (const line of lines) for (const i of line) count[i]!++;
  const linesOf = Array.from({ length: table.length }, (_, i) => new Int32Array(count[i]!));
  const fill = new Int32Array(table.length);
  lines.forEach((line, li) => {
    for (const i of line) linesOf[i]![fill[i]!++] = li;
  });
  return { lines, linesOf };
}

/**
 * Narrows the ranges lo/hi in place through the lines' equations (total = sum of members) until nothing changes,
 * starting from the lines through `seeds` (all lines when null). False when they contradict each other.
 */
function propagate(ctx: Context, hidden: Uint8Array, lo: Float64Array, hi: Float64Array, seeds: readonly number[] | null): boolean {
  const { lines, linesOf } = ctx;
  const queued = new Uint8Array(lines.length);
  const queue: number[] = [];
  const push = (li: number) => {
    if (queued[li]) return;
    queued[li] = 1;
    queue.push(li);
  };
  if (seeds === null) {
    lines.forEach((line, li) => {
      if (line.some((i) => hidden[i] !== SHOWN)) push(li); // shown lines hold by construction
    });
  } else for (const c of seeds) for (const li of linesOf[c]!) push(li);
  let visits = 0;
  while (queue.length && visits++ < 2_000_000) {
    const li = queue.pop()!;
    queued[li] = 0;
    const line = lines[li]!;
    const total = line[line.length - 1]!;
    let sumLo = 0;
    let sumHiFinite = 0;
    let infinite = 0;
    for (let m = 0; m < line.length - 1; m++) {
      const i = line[m]!;
      sumLo += lo[i]!;
      if (hi[i] === Infinity) infinite++;
      else sumHiFinite += hi[i]!;
    }
    const changed: number[] = [];
    const tighten = (i: number, newLo: number, newHi: number) => {
      let moved = false;
      if (newLo > lo[i]!) {
        lo[i] = newLo;
        moved = true;
      }
      if (newHi < hi[i]!) {
        hi[i] = newHi;
        moved = true;
      }
      if (moved) changed.push(i);
    };
    tighten(total, sumLo, infinite ? Infinity : sumHiFinite);
    for (let m = 0; m < line.length - 1; m++) {
      const i = line[m]!;
      // The others' bounds: total - (others' largest) <= x_i <= total - (others' smallest).
      const othersLo = sumLo - lo[i]!;
      const othersInfinite = infinite - (hi[i] === Infinity ? 1 : 0);
      const othersHi = othersInfinite ? Infinity : sumHiFinite - (hi[i] === Infinity ? 0 : hi[i]!);
      tighten(i, othersHi === Infinity ? -Infinity : lo[total]! - othersHi, hi[total]! - othersLo);
    }
    for (const i of changed) {
      if (lo[i]! > hi[i]!) return false;
      for (const lj of linesOf[i]!) push(lj);
    }
  }
  return true;
}

function initialRanges(table: CountTable, hidden: Uint8Array): { lo: Float64Array; hi: Float64Array } {
  const lo = new Float64Array(table.length);
  const hi = new Float64Array(table.length);
  for (let i = 0; i < table.length; i++) [lo[i], hi[i]] = rangeOf(table.n[i]!, hidden[i]!);
  return { lo, hi };
}

/**
 * The reader's best ranges for every cell, from the shown cells, the hidden cells' displays and every line's
 * equation, narrowed until nothing changes; `feasible` is false when they contradict each other.
 */
export function narrowRanges(table: CountTable, hidden: Uint8Array): { lo: Float64Array; hi: Float64Array; feasible: boolean } {
  const { lo, hi } = initialRanges(table, hidden);
  const feasible = propagate(contextOf(table), hidden, lo, hi, null);
  return { lo, hi, feasible };
}

/**
 * Hidden cells whose value the reader can pin to one number: by narrowing the ranges through the lines, and then
 * by trying other values of each hidden cell (would the table still hold if it were one more? one less?) and
 * narrowing again, which finds what several lines give away together. The true value always holds, so a cell
 * with one more value that holds is not pinned.
 */
export function exposedCells(table: CountTable, hidden: Uint8Array, ctx: Context = contextOf(table)): number[] {
  const { lo, hi } = initialRanges(table, hidden);
  propagate(ctx, hidden, lo, hi, null);
  const out: number[] = [];
  for (let i = 0; i < table.length; i++) {
    if (hidden[i] === SHOWN) continue;
    if (lo[i] === hi[i]) {
      out.push(i);
      continue;
    }
    const truth = table.n[i]!;
    let other = false;
    for (let d = 1; d <= 8 && !other; d++) {
      for (const v of [truth - d, truth + d]) {
        if (other || v < lo[i]! || v > hi[i]!) continue;
        const tlo = Float64Array.from(lo);
        const thi = Float64Array.from(hi);
        tlo[i] = thi[i] = v;
        other = propagate(ctx, hidden, tlo, thi, [i]);
      }
    }
    if (!other) out.push(i);
  }
  return out;
}

/**
 * Which cells to hide: HIDDEN (or BLANK: the whole table, when nothing else would protect a cell). `forced` cells
 * are hidden whatever they hold. Deterministic: the same table gives the same pattern.
 */
export function suppressCube(table: CountTable, forced: Iterable<number> = []): Uint8Array {
  const hidden = new Uint8Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const c = table.children[i]!;
    if (c > 0 && c < SMALL_NUMBER_THRESHOLD) hidden[i] = 1;
  }
  for (const i of forced) hidden[i] = 1;
  const ctx = contextOf(table);
  const linesThrough = (i: number) => [...ctx.linesOf[i]!].map((li) => ctx.lines[li]!);

  for (let round = 0; round < table.length; round++) {
    hideLoneCells(table, hidden, ctx);
    const exposed = exposedCells(table, hidden, ctx);
    if (exposed.length === 0) return hidden;
    // One complement for each pinned cell whose lines got none yet this round: in a line through it, else (it may
    // be pinned through other pinned cells) through another pinned one.
    const touched = new Set<number>();
    let added = 0;
    for (const target of exposed) {
      if ([...ctx.linesOf[target]!].some((li) => touched.has(li))) continue;
      const complement = chooseComplement(table, hidden, linesThrough(target));
      if (complement === null) continue;
      hidden[complement] = 1;
      added++;
      for (const li of ctx.linesOf[complement]!) touched.add(li);
      for (const li of ctx.linesOf[target]!) touched.add(li);
    }
    if (added === 0) {
      const complement = chooseComplement(table, hidden, exposed.flatMap(linesThrough));
      if (complement !== null) {
        hidden[complement] = 1;
        added++;
      }
    }
    if (added === 0) {
      // Nothing left to hide beside them: the whole table is hidden ("x" everywhere, zeros too), rather than
      // show anything that gives a small number away.
      return hidden.fill(BLANK);
    }
  }
  return hidden;
}

/** The quick part: while a line has exactly one hidden cell (given away by its total), hide one more in it. */
function hideLoneCells(table: CountTable, hidden: Uint8Array, ctx: Context): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of ctx.lines) {
      let count = 0;
      for (const i of line) if (hidden[i]) count++;
      if (count !== 1) continue;
      const complement = chooseComplement(table, hidden, [line]);
      if (complement === null) continue;
      hidden[complement] = 1;
      changed = true;
    }
  }
}

/**
 * In the lines through a pinned cell, the line with the fewest hidden cells first: its smallest shown positive
 * member; else a shown 0 among its members (then shown as "<5": the reader no longer knows it is 0); else its total.
 */
function chooseComplement(cube: CountTable, hidden: Uint8Array, lines: Int32Array[]): number | null {
  const hiddenIn = (line: Int32Array) => line.reduce((k, i) => k + (hidden[i] ? 1 : 0), 0);
  const ordered = [...lines].sort((a, b) => hiddenIn(a) - hiddenIn(b));
  for (const line of ordered) {
    let best = -1;
    let zero = -1;
    for (let m = 0; m < line.length - 1; m++) {
      const i = line[m]!;
      if (hidden[i]) continue;
      if (cube.n[i]! === 0) {
        if (zero < 0) zero = i;
      } else if (best < 0 || cube.n[i]! < cube.n[best]!) best = i;
    }
    if (best >= 0) return best;
    if (zero >= 0) return zero;
    const total = line[line.length - 1]!;
    if (!hidden[total]) return total;
  }
  return null;
}

/**
 * Two tables that share cells (the levels and the steps tables have the same totals, open cases at a month's end)
 * as one: `pairs` maps a cell of b to the cell of a it equals. The reader sees both, so they are suppressed
 * together; `split` gives each its own pattern back.
 */
export function linkTables(a: CountTable, b: CountTable, pairs: Array<[number, number]>) {
  const toA = new Map(pairs.map(([ia, ib]) => [ib, ia]));
  const indexOfB = new Int32Array(b.length);
  let next = a.length;
  for (let i = 0; i < b.length; i++) indexOfB[i] = toA.has(i) ? toA.get(i)! : next++;
  const n = new Int32Array(next);
  const children = new Int32Array(next);
  n.set(a.n);
  children.set(a.children);
  for (let i = 0; i < b.length; i++) {
    if (toA.has(i)) continue;
    n[indexOfB[i]!] = b.n[i]!;
    children[indexOfB[i]!] = b.children[i]!;
  }
  const lines = [...a.lines(), ...b.lines().map((l) => l.map((i) => indexOfB[i]!))];
  const table: CountTable = { n, children, length: next, lines: () => lines };
  const split = (hidden: Uint8Array): [Uint8Array, Uint8Array] => [hidden.slice(0, a.length), Uint8Array.from(indexOfB, (i) => hidden[i]!)];
  return { table, split };
}

/** How a hidden cell is shown: "<5" for 0-4 (a 0 only when hidden to protect another), "x" for more and in a blanked table. */
export function hiddenAs(n: number, flag: number = HIDDEN): Hidden {
  return flag === HIDDEN && n < SMALL_NUMBER_THRESHOLD ? 'lt5' : 'x';
}
