// The trust boundary for Yjs updates (docs/SPEC.md, P8-P10): an update is
// accepted only if it integrates NOW, completely and cheaply, into a document
// whose state vector is `stateOf`. Nothing of an accepted update may stay
// pending in Yjs: pending structs and pending delete sets are what let one
// crafted update of a few hundred KB stall a server for seconds (Yjs retries
// them on every later update, and its pending bookkeeping is quadratic in the
// number of clients) and poison every later load.
//
// The check works on the decoded update without touching a Y.Doc, in time
// linear in its size: it simulates the order in which Yjs would integrate the
// structs (each struct after its own client's earlier ones and after the
// structs its origin, right origin and parent refer to) and refuses what could
// not be integrated. `sanitizeUpdate` applies the same rules to stored data
// (documents written before the check existed) and keeps what does integrate.
//
// Plain JavaScript, so that the compaction worker (merge-worker.mjs) can run it
// without a loader.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Limits for one live update (a fast typist, a big paste and a reconnect's step 2 stay far below them). */
export const UPDATE_LIMITS = Object.freeze({
  /** Clients with structs in one update; a browser's own edits carry one. */
  maxClients: 64,
  /** Structs in one update. */
  maxStructs: 100_000,
  /** Delete ranges in one update (a step 2 carries the whole delete set of the sender's copy). */
  maxDeleteRanges: 100_000,
  /** Nesting depth of JSON-like values (ContentAny, embeds, formats): peers' decoders recurse on it. */
  maxValueDepth: 16,
});

/** Clocks stay far below 2^31 so that every bit operation on them in Yjs and lib0 stays exact. */
export const MAX_CLOCK = 2 ** 31 - 1;
/** Yjs client ids are unsigned 32-bit numbers. */
const MAX_CLIENT_ID = 2 ** 32 - 1;

class Refusal extends Error {
  /** @param {'malformed' | 'too_large' | 'missing'} kind @param {string} reason */
  constructor(kind, reason) {
    super(reason);
    this.kind = kind;
  }
}

/**
 * Checks a live update. Never throws.
 * @param {Uint8Array} update
 * @param {(client: number) => number} stateOf the document's clock for a client (0 if unknown)
 * @param {typeof UPDATE_LIMITS} [limits]
 */
export function inspectUpdate(update, stateOf, limits = UPDATE_LIMITS) {
  try {
    const analysis = analyse(update, stateOf, limits, true);
    return { ok: true, advances: analysis.advances, structs: analysis.structCount, deleteRanges: analysis.deleteCount };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, kind: err.kind, reason: err.message };
    return { ok: false, kind: 'malformed', reason: 'unreadable update' };
  }
}

/**
 * Keeps what of a stored update integrates into a document at `stateOf`
 * (structs up to the first one of each client that cannot, delete ranges
 * clipped to what exists) and drops the rest. No limits: stored data was
 * accepted once, only what cannot integrate goes.
 * @param {Uint8Array} update
 * @param {(client: number) => number} stateOf
 * @returns {{ update: Uint8Array | null, advances: Map<number, number>, droppedStructs: number, droppedDeletes: number, unreadable: boolean }}
 */
export function sanitizeUpdate(update, stateOf) {
  let analysis;
  try {
    analysis = analyse(update, stateOf, null, false);
  } catch {
    return { update: null, advances: new Map(), droppedStructs: 0, droppedDeletes: 0, unreadable: true };
  }
  const { sections, deletes, advances, droppedStructs, droppedDeletes } = analysis;
  const clean = droppedStructs === 0 && droppedDeletes === 0 ? update : encode(sections, deletes);
  const empty = sections.every((s) => s.next === 0) && deletes.size === 0;
  return { update: empty ? null : clean, advances, droppedStructs, droppedDeletes, unreadable: false };
}

/**
 * Raises each client's clock in `clocks` to the one in `advances` where that is higher.
 * @param {Map<number, number>} clocks
 * @param {Map<number, number>} advances
 */
export function raiseClocks(clocks, advances) {
  for (const [client, clock] of advances) if (clock > (clocks.get(client) ?? 0)) clocks.set(client, clock);
}

/**
 * Applies stored updates in order through `sanitizeUpdate`, starting from an
 * empty document: the clean updates and the state vector they reach.
 *
 * Log rows need not be in dependency order: two group-commit batches are
 * written at once (D2), so a later batch can get the lower ids. An update
 * that could not integrate completely is therefore tried again after the
 * others, as long as that makes progress (a few rounds at most in practice);
 * what still cannot integrate then is dropped from the result, and
 * `incomplete` names those updates (by index): compaction must keep them in
 * the log, since what they miss may still arrive (a writer re-sending an
 * update whose commit failed after a later one of theirs was stored, D6).
 * @param {Uint8Array[]} updates
 */
export function sanitizeAll(updates) {
  /** @type {Map<number, number>} */
  const state = new Map();
  const stateOf = (c) => state.get(c) ?? 0;
  const clean = [];
  let deferred = [];
  let unreadable = 0;
  updates.forEach((u, i) => {
    const r = sanitizeUpdate(u, stateOf);
    raiseClocks(state, r.advances);
    if (r.unreadable) unreadable++;
    if (r.update) clean.push(r.update);
    if (r.droppedStructs || r.droppedDeletes) deferred.push({ u, i });
  });
  let droppedStructs = 0;
  let droppedDeletes = 0;
  for (let round = 0; deferred.length && round < MAX_RETRY_ROUNDS; round++) {
    const again = [];
    let progress = false;
    droppedStructs = 0;
    droppedDeletes = 0;
    for (const d of deferred) {
      const { u } = d;
      const last = sanitizeUpdate(u, stateOf);
      if (last.advances.size) progress = true;
      raiseClocks(state, last.advances);
      // Applying the part that already integrated once more is harmless (Yjs skips what it has).
      if (last.update && last.update !== u) clean.push(last.update);
      if (last.droppedStructs || last.droppedDeletes) {
        again.push(d);
        droppedStructs += last.droppedStructs;
        droppedDeletes += last.droppedDeletes;
      } else if (last.update === u) clean.push(u);
    }
    deferred = again;
    if (!progress) break;
  }
  return { updates: clean, state, droppedStructs, droppedDeletes, unreadable, incomplete: deferred.map((d) => d.i) };
}

/** Rounds of retrying stored updates that did not integrate in id order (see sanitizeAll). */
const MAX_RETRY_ROUNDS = 8;

/**
 * @param {Uint8Array} update
 * @param {(client: number) => number} stateOf
 * @param {typeof UPDATE_LIMITS | null} limits
 * @param {boolean} strict refuse (throw a Refusal) instead of dropping
 */
function analyse(update, stateOf, limits, strict) {
  // The count of client sections comes first: refuse a flood of clients before decoding any of them.
  const sectionCount = decoding.readVarUint(decoding.createDecoder(update));
  if (limits && sectionCount > limits.maxClients) throw new Refusal('too_large', 'too many clients');
  const decoded = Y.decodeUpdate(update);
  if (limits && decoded.structs.length > limits.maxStructs) throw new Refusal('too_large', 'too many structs');

  // Sections: each client's structs, contiguous in clock order.
  /** @type {Map<number, { client: number, structs: Array<Y.Item | Y.GC>, next: number }>} */
  const sections = new Map();
  let section = null;
  let end = 0;
  let droppedStructs = 0;
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (section === null || section.client !== client) {
      if (sections.has(client)) throw new Refusal('malformed', 'client listed twice');
      if (client > MAX_CLIENT_ID) throw new Refusal('malformed', 'client id out of range');
      section = { client, structs: [], next: 0, broken: false };
      sections.set(client, section);
      end = clock;
    }
    if (section.broken) {
      droppedStructs++;
      continue;
    }
    const problem = structProblem(struct, end, limits);
    if (problem) {
      if (strict) throw problem;
      section.broken = true; // the rest of this client's structs would follow a hole
      droppedStructs++;
      continue;
    }
    section.structs.push(struct);
    end = clock + struct.length;
  }
  if (limits && sections.size > limits.maxClients) throw new Refusal('too_large', 'too many clients');
  // Yjs keeps only the last section of a client listed twice (and an empty one replaces the others), so two
  // sections that join up here would not integrate as they read: every section must be one run of its own.
  if (strict && sectionCount !== sections.size) throw new Refusal('malformed', 'client listed twice or empty section');

  // Integration order: what Yjs would integrate, in an order it could.
  /** @type {Map<number, number>} */
  const state = new Map();
  const clockOf = (c) => state.get(c) ?? stateOf(c);
  /** Sections waiting for another client's clock to advance. */
  /** @type {Map<number, Array<typeof section>>} */
  const waiting = new Map();
  const queue = [...sections.values()];
  while (queue.length) {
    const s = queue.pop();
    const before = clockOf(s.client);
    while (s.next < s.structs.length) {
      const struct = s.structs[s.next];
      if (struct.id.clock > clockOf(s.client)) break; // a hole before this client's first struct: never fills
      const dep = missingDependency(struct, clockOf);
      if (dep !== null) {
        const list = waiting.get(dep);
        if (list) list.push(s);
        else waiting.set(dep, [s]);
        break;
      }
      const to = struct.id.clock + struct.length;
      if (to > clockOf(s.client)) state.set(s.client, to);
      s.next++;
    }
    if (clockOf(s.client) > before) {
      const woken = waiting.get(s.client);
      if (woken) {
        waiting.delete(s.client);
        queue.push(...woken);
      }
    }
  }
  for (const s of sections.values()) {
    const left = s.structs.length - s.next;
    if (left === 0) continue;
    if (strict) throw new Refusal('missing', 'structs depend on missing structs');
    droppedStructs += left;
  }

  // The delete set: only ranges of structs that exist, or Yjs keeps them pending.
  /** @type {Map<number, Array<{ clock: number, len: number }>>} */
  const deletes = new Map();
  let deleteCount = 0;
  let droppedDeletes = 0;
  for (const [client, items] of decoded.ds.clients) {
    const known = clockOf(client);
    const kept = [];
    for (const { clock, len } of items) {
      deleteCount++;
      if (limits && deleteCount > limits.maxDeleteRanges) throw new Refusal('too_large', 'too many delete ranges');
      const bad = len < 1 || clock + len > MAX_CLOCK;
      if (bad && strict) throw new Refusal('malformed', 'invalid delete range');
      if (!bad && clock + len <= known) {
        kept.push({ clock, len });
        continue;
      }
      if (strict) throw new Refusal('missing', 'deletes of missing structs');
      if (!bad && clock < known) kept.push({ clock, len: known - clock });
      droppedDeletes++;
    }
    if (kept.length) deletes.set(client, kept);
  }

  /** Each client's clock after the update, where it moves the document forward. */
  const advances = new Map();
  for (const [client, clock] of state) if (clock > stateOf(client)) advances.set(client, clock);
  return { sections: [...sections.values()], deletes, advances, structCount: decoded.structs.length, deleteCount, droppedStructs, droppedDeletes };
}

/** What is wrong with one struct on its own (given where its client's previous struct ended), or null. */
function structProblem(struct, expectedClock, limits) {
  if (struct instanceof Y.Skip) return new Refusal('missing', 'update with a hole');
  const { clock } = struct.id;
  if (clock !== expectedClock) return new Refusal('missing', 'update with a hole');
  if (!(struct.length >= 1) || clock + struct.length > MAX_CLOCK) return new Refusal('malformed', 'invalid struct length');
  if (!(struct instanceof Y.Item)) return null;
  const own = struct.id.client;
  for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
    // An item can only refer to its own client's EARLIER structs; Yjs does not check this and would throw midway.
    if (ref && ref.client === own && ref.clock >= clock) return new Refusal('malformed', 'item refers to its own future');
    if (ref && (ref.client > MAX_CLIENT_ID || ref.clock > MAX_CLOCK)) return new Refusal('malformed', 'reference out of range');
  }
  const content = struct.content;
  if (content instanceof Y.ContentDoc) return new Refusal('malformed', 'subdocuments are not supported');
  const depthLimit = limits?.maxValueDepth ?? UPDATE_LIMITS.maxValueDepth;
  const values =
    content instanceof Y.ContentAny || content instanceof Y.ContentJSON
      ? content.arr
      : content instanceof Y.ContentEmbed
        ? [content.embed]
        : content instanceof Y.ContentFormat
          ? [content.value]
          : null;
  if (values && values.some((v) => tooDeep(v, depthLimit))) return new Refusal('malformed', 'value nested too deeply');
  return null;
}

function tooDeep(value, depthLeft) {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return false;
  if (depthLeft === 0) return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (tooDeep(v, depthLeft - 1)) return true;
  return false;
}

/** The client whose missing struct `struct` waits for, or null when everything it refers to exists. */
function missingDependency(struct, clockOf) {
  if (!(struct instanceof Y.Item)) return null;
  const own = struct.id.client;
  for (const ref of [struct.origin, struct.rightOrigin, struct.parent instanceof Y.ID ? struct.parent : null]) {
    if (ref && ref.client !== own && ref.clock >= clockOf(ref.client)) return ref.client;
  }
  return null;
}

/** Encodes the kept structs and delete ranges as a v1 update (the same bytes Yjs would write for them). */
function encode(sections, deletes) {
  const encoder = new Y.UpdateEncoderV1();
  const kept = sections.filter((s) => s.next > 0);
  encoding.writeVarUint(encoder.restEncoder, kept.length);
  for (const s of kept) {
    encoding.writeVarUint(encoder.restEncoder, s.next);
    encoder.writeClient(s.client);
    encoding.writeVarUint(encoder.restEncoder, s.structs[0].id.clock);
    for (let i = 0; i < s.next; i++) s.structs[i].write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, deletes.size);
  for (const [client, ranges] of deletes) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const r of ranges) {
      encoder.writeDsClock(r.clock);
      encoder.writeDsLen(r.len);
    }
  }
  return encoder.toUint8Array();
}
