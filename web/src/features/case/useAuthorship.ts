/**
 * Who wrote what in a case document, as the server decided it (docs/SPEC.md,
 * P10, AT1-AT2): the bindings of Yjs client ids to users, the ranges of text
 * the server attributed to someone else (moved text), and who added and last
 * changed each entry. Fetched once and again, throttled, after a change that
 * can make the server attribute something: items under an unknown client id,
 * a deletion, more than one character at once (a paste, an undo), or a new
 * or changed entry. Plain typing asks nothing. The local client's own id
 * counts as the local user until the server's binding arrives, so one's own
 * first words are labelled at once. A new object after every answer, so the
 * editor redraws its labels when it changes.
 */
import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import type { DocWriter, DocWritersResponse } from '../../../../shared/api.js';
import { Attribution } from '../../../../shared/authorship.js';
import type { Sector } from '../../../../shared/domain.js';
import { api } from '../../lib/api.js';

/**
 * When to ask again after a change: soon (the server analyses a commit about
 * 100 ms after it), and once more later in case the server was busy.
 */
const REFETCH_MS = [600, 2500] as const;

/** Per client id, half-open clock ranges [from, to). */
export type ClockRanges = Map<number, Array<[number, number]>>;

export interface Person {
  userId: string;
  name: string;
  sector: Sector | null;
}

export interface Authorship {
  /** Who typed each character (by client id and clock). */
  attribution: Attribution;
  person: (userId: string | null) => Person | null;
  /** Who added an entry (a Y.Map in the SoS map, actions or network) and who changed it last. */
  entry: (map: Y.Map<unknown>) => { addedBy: Person | null; changedBy: Person | null };
  /** Who last wrote in the child's voice. */
  voice: () => Person | null;
  /** The characters that may show another writer than in `previous` ('all': names or sectors changed). */
  changedSince: (previous: Authorship | null) => 'all' | ClockRanges;
}

/** What `changedSince` compares, per answer. */
interface Basis {
  owners: ReadonlyMap<number, string>;
  moved: ReadonlySet<string>;
  people: string;
}
const bases = new WeakMap<Authorship, Basis>();

function changedRanges(now: Basis, before: Basis | undefined): 'all' | ClockRanges {
  if (!before || before.people !== now.people) return 'all';
  const ranges: ClockRanges = new Map();
  const add = (client: number, from: number, to: number) => {
    const list = ranges.get(client) ?? [];
    list.push([from, to]);
    ranges.set(client, list);
  };
  // A client id bound or re-bound: all its characters; a moved range added or gone: those characters.
  for (const [c, u] of now.owners) if (before.owners.get(c) !== u) add(c, 0, Infinity);
  for (const c of before.owners.keys()) if (!now.owners.has(c)) add(c, 0, Infinity);
  const fromKey = (key: string) => {
    const [client, clock, length] = key.split(':').map(Number) as [number, number, number];
    add(client, clock, clock + length);
  };
  for (const key of now.moved) if (!before.moved.has(key)) fromKey(key);
  for (const key of before.moved) if (!now.moved.has(key)) fromKey(key);
  return ranges;
}

const EMPTY: DocWritersResponse = { writers: [], moved: [], entries: [], people: [] };

/** Whether the server may attribute something in this update (see the module comment). */
function mayAttribute(update: Uint8Array, known: ReadonlySet<number>): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  if (ds.clients.size > 0) return true;
  for (const s of structs) {
    if (!known.has(s.id.client)) return true;
    if (!(s instanceof Y.Item)) continue;
    if (!(s.content instanceof Y.ContentString) || s.parentSub !== null || s.length > 1) return true;
  }
  return false;
}

export function useAuthorship(docName: string, ydoc: Y.Doc, self: Omit<DocWriter, 'clientId'> | null): Authorship {
  const [shown, setShown] = useState<DocWritersResponse>(EMPTY);
  useEffect(() => {
    let cancelled = false;
    let timers: Array<ReturnType<typeof setTimeout>> = [];
    let known = new Set<number>();
    const load = () => {
      api.writers(docName).then(
        (res) => {
          if (cancelled) return;
          known = new Set(res.writers.map((w) => w.clientId));
          setShown(res);
        },
        () => {}, // the labels wait for the next change; the document itself is unaffected
      );
    };
    const onUpdate = (update: Uint8Array) => {
      if (timers.length || !mayAttribute(update, known)) return;
      timers = REFETCH_MS.map((ms, i) =>
        setTimeout(() => {
          if (i === REFETCH_MS.length - 1) timers = [];
          load();
        }, ms),
      );
    };
    load();
    ydoc.on('update', onUpdate);
    return () => {
      cancelled = true;
      timers.forEach(clearTimeout);
      ydoc.off('update', onUpdate);
    };
  }, [docName, ydoc]);

  return useMemo(() => {
    const owners = new Map(shown.writers.map((w) => [w.clientId, w.userId]));
    if (self && !owners.has(ydoc.clientID)) owners.set(ydoc.clientID, self.userId);
    const people = new Map<string, Person>();
    for (const p of shown.people) people.set(p.userId, p);
    for (const w of shown.writers) people.set(w.userId, { userId: w.userId, name: w.name, sector: w.sector });
    if (self && !people.has(self.userId)) people.set(self.userId, { ...self });
    const entries = new Map(shown.entries.map((e) => [e.entryId, e]));
    const attribution = new Attribution((c) => owners.get(c), shown.moved);
    const person = (userId: string | null) => (userId ? (people.get(userId) ?? null) : null);
    const authorship: Authorship = {
      attribution,
      person,
      entry: (map) => {
        const item = map._item;
        const typist = item ? attribution.writerAt(item.id.client, item.id.clock) : null;
        const id = map.get('id');
        const known = typeof id === 'string' ? entries.get(id) : undefined;
        return { addedBy: person(known?.addedById ?? typist), changedBy: person(known?.changedById ?? known?.addedById ?? typist) };
      },
      voice: () => person(entries.get('voice')?.changedById ?? null),
      changedSince: (previous) => changedRanges(basis, previous ? bases.get(previous) : undefined),
    };
    const basis: Basis = {
      owners,
      moved: new Set(shown.moved.map((m) => `${m.clientId}:${m.clock}:${m.length}:${m.userId}`)),
      people: [...people.values()].map((p) => `${p.userId}:${p.name}:${p.sector}`).join(','),
    };
    bases.set(authorship, basis);
    return authorship;
  }, [shown, self?.userId, self?.name, self?.sector, ydoc.clientID]); // eslint-disable-line react-hooks/exhaustive-deps
}

/** The case document's authorship, for the entry lists under the concern note (provided by the case workspace). */
export const AuthorshipContext = createContext<Authorship | null>(null);
export const useAuthorshipOf = (): Authorship | null => useContext(AuthorshipContext);
