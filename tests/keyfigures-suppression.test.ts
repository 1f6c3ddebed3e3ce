/**
 * Small-number suppression of key figures (docs/SPEC.md KF4, KF5): primary (1-4 children hidden) and secondary
 * (nothing hidden can be worked out from what is shown, across totals and the forums/months/categories of a
 * table). Constructed tables where naive suppression (hiding only the small cells) gives a number away, and an
 * exhaustive reader who tries every value the hidden cells could hold.
 */
import { describe, expect, it } from 'vitest';
import { Cube, exposedCells, hiddenAs, linkTables, suppressCube, type CountTable } from '../server/features/keyfigures/suppress.js';
import { possibleValues } from './keyfigures-reader.js';

/** A table from members; totals are summed (children = value: one row per child). */
function table(values: number[][], margins: [boolean, boolean] = [true, true]): Cube {
  const rows = values.length;
  const cols = values[0]!.length;
  const cube = new Cube([
    { size: rows, margin: margins[0] },
    { size: cols, margin: margins[1] },
  ]);
  for (let r = 0; r <= rows; r++) {
    for (let c = 0; c <= cols; c++) {
      if ((r === rows && !margins[0]) || (c === cols && !margins[1])) continue;
      let v = 0;
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if ((r === rows || r === i) && (c === cols || c === j)) v += values[i]![j]!;
      cube.set([r, c], v, v);
    }
  }
  return cube;
}

/** A line: members and their total, as a 1 x n table with a row total only. */
const line = (values: number[]) => table([values], [false, true]);

/** Naive suppression: only the cells under 5 (above 0). */
function naive(cube: Cube): Uint8Array {
  const h = new Uint8Array(cube.length);
  for (let i = 0; i < cube.length; i++) if (cube.children[i]! > 0 && cube.children[i]! < 5) h[i] = 1;
  return h;
}

const pinned = (cube: CountTable, hidden: Uint8Array) => [...possibleValues(cube, hidden)].filter(([, vs]) => vs.size < 2).map(([i]) => i);

describe('primary suppression', () => {
  it('[KF4] counts of 1-4 children are hidden, 0 and 5+ are shown; "<5" for 1-4, "x" for a hidden 5+', () => {
    const cube = line([0, 1, 4, 5, 12]);
    // 1 and 4 are hidden; beside a total of 22 they sum to 5, which leaves each of them 1-4: nothing more to hide.
    expect([...suppressCube(cube)]).toEqual([0, 1, 1, 0, 0, 0]);
    expect(hiddenAs(1)).toBe('lt5');
    expect(hiddenAs(4)).toBe('lt5');
    expect(hiddenAs(5)).toBe('x');
    // A count of many events that covers few children is hidden too (e.g. 6 movements of 2 children).
    const events = new Cube([{ size: 2, margin: false }]);
    events.set([0], 6, 2);
    events.set([1], 9, 9);
    expect([...suppressCube(events)]).toEqual([1, 0]);
  });
});

describe('secondary suppression', () => {
  it('[KF5] one hidden cell beside its shown total: naive suppression gives it away, ours hides another', () => {
    const cube = line([3, 10, 12]); // total 25: 25 - 10 - 12 = 3
    expect(exposedCells(cube, naive(cube))).toEqual([0]);
    expect(pinned(cube, naive(cube))).toEqual([0]);
    const hidden = suppressCube(cube);
    expect(hidden[0]).toBe(1);
    expect(hidden[1]).toBe(1); // the smallest other count
    expect(hidden[2]).toBe(0);
    expect(hidden[3]).toBe(0); // the total stays
    expect(pinned(cube, hidden)).toEqual([]);
  });

  it('[KF5] two hidden cells that sum to 8 are both 4: ours hides a third', () => {
    // "<5" may be 0-4 (a 0 hidden to protect another is shown so too): two of them beside a total leaving 8 are 4 and 4.
    const cube = line([4, 4, 9]);
    expect(pinned(cube, naive(cube))).toEqual([0, 1]);
    const hidden = suppressCube(cube);
    expect(hidden[2]).toBe(1);
    expect(pinned(cube, hidden)).toEqual([]);
  });

  it('[KF5] where no other count is left, a 0 is hidden as "<5" to protect a small one', () => {
    // 1 beside zeros and a total of 1: hiding a 0 too leaves the reader 0-1 for each.
    const cube = table([
      [1, 0],
      [0, 7],
    ]);
    expect(pinned(cube, naive(cube))).toContain(0);
    const hidden = suppressCube(cube);
    expect(pinned(cube, hidden)).toEqual([]);
    expect(hiddenAs(0)).toBe('lt5');
  });

  it('[KF5] a hidden total beside shown members is hidden with another member, or the line is hidden', () => {
    // Only one cell has children, and it is small: the total equals it and must go too.
    const cube = line([0, 2, 0]);
    const hidden = suppressCube(cube);
    expect(hidden[1]).toBe(1);
    expect(hidden[3]).toBe(1);
    expect(pinned(cube, hidden)).toEqual([]);
  });

  it('[KF5] across rows and columns: the complement in a row needs its own complement in its column', () => {
    // Forums x months with both totals. Naive: the 2 is worked out from its row total, and again from its column.
    const cube = table([
      [2, 9, 7],
      [8, 6, 11],
      [10, 12, 5],
    ]);
    expect(pinned(cube, naive(cube))).toEqual([0]);
    const hidden = suppressCube(cube);
    expect(exposedCells(cube, hidden)).toEqual([]);
    expect(pinned(cube, hidden)).toEqual([]);
    // At least two hidden cells in every row and column that has one (or its total hidden).
    const rows = 3;
    const cols = 3;
    const at = (r: number, c: number) => hidden[cube.index([r, c])]!;
    for (let r = 0; r < rows; r++) {
      const k = [0, 1, 2, 3].reduce((s, c) => s + at(r, c), 0);
      expect(k === 0 || k >= 2).toBe(true);
    }
    for (let c = 0; c < cols; c++) {
      const k = [0, 1, 2, 3].reduce((s, r) => s + at(r, c), 0);
      expect(k === 0 || k >= 2).toBe(true);
    }
  });

  it('[KF5] a difference of totals: a month hidden in a forum cannot be recovered from the municipality less the other forums', () => {
    // Three forums, one month and the period: forum B has 3 in month 1. Municipality's month 1 = 4 + 3 + 9.
    const cube = table([
      [4 + 10, 20, 14],
      [3 + 5, 10, 8],
      [9 + 6, 12, 6],
    ].map(([a, b]) => [a!, b!]));
    const hidden = suppressCube(cube);
    expect(pinned(cube, hidden)).toEqual([]);
  });

  it('[KF5] two tables sharing a total (levels and steps: open cases) are suppressed as one', () => {
    // Levels: 4 and 6 of 10 open cases; steps: 10 and 0 of the same 10. Each alone can be made safe, but what the
    // steps table says of the total (10 or more) and what the levels table says (10 or less) pin it together.
    const levels = line([4, 6]);
    const steps = line([10, 0]);
    const pairs: Array<[number, number]> = [[2, 2]];
    const joint = linkTables(levels, steps, pairs);
    // Hiding the 4 with the total, and the steps' 0 with the same total, is safe in each table alone.
    const levelsAlone = Uint8Array.from([1, 0, 1]);
    const stepsAlone = Uint8Array.from([0, 1, 1]);
    expect(pinned(levels, levelsAlone)).toEqual([]);
    expect(pinned(steps, stepsAlone)).toEqual([]);
    const separately = Uint8Array.from([1, 0, 1, 0, 1]); // the joint table: levels' 3 cells, then the steps' two members
    expect(pinned(joint.table, separately).length).toBeGreaterThan(0);
    const together = suppressCube(joint.table);
    expect(pinned(joint.table, together)).toEqual([]);
    const [a, b] = joint.split(together);
    expect(a[2]).toBe(b[2]); // the shared total is shown or hidden in both
  });

  it('[KF5] random tables of forums x months x categories: no hidden cell is ever pinned by an exhaustive reader', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    /** A table of random members (a third 0, a third 1-4, a third 5-12) with every total summed. */
    const randomCube = (dims: number[]) => {
      const cube = new Cube(dims.map((size) => ({ size, margin: true })));
      const members: Array<[number[], number]> = [];
      const walk = (prefix: number[]) => {
        if (prefix.length === dims.length) {
          const r = rnd();
          members.push([prefix, r < 0.3 ? 0 : r < 0.65 ? 1 + Math.floor(rnd() * 4) : 5 + Math.floor(rnd() * 8)]);
          return;
        }
        for (let i = 0; i < dims[prefix.length]!; i++) walk([...prefix, i]);
      };
      walk([]);
      const all = (prefix: number[]): number[][] => (prefix.length === dims.length ? [prefix] : Array.from({ length: dims[prefix.length]! + 1 }, (_, i) => all([...prefix, i])).flat());
      for (const coords of all([])) {
        const v = members.filter(([m]) => m.every((c, d) => coords[d] === dims[d] || coords[d] === c)).reduce((s, [, n]) => s + n, 0);
        cube.set(coords, v, v);
      }
      return { cube, label: members.map(([, n]) => n).join(',') };
    };
    let checked = 0;
    for (const [dims, count] of [[[2, 2, 2], 150], [[3, 3, 2], 25], [[4, 3], 100]] as const) {
      for (let t = 0; t < count; t++) {
        const { cube, label } = randomCube([...dims]);
        const hidden = suppressCube(cube);
        if (hidden.every((h) => h === 0)) continue;
        checked++;
        expect(pinned(cube, hidden), `${dims.join('x')} table ${t}: ${label}`).toEqual([]);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
