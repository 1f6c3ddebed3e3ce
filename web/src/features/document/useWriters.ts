/**
 * Who writes under each Yjs client id of a document, as the server bound them
 * (docs/SPEC.md, P10): fetched once, and again when the document receives
 * items under a client id not known yet (a colleague's first keystroke).
 * The local client's own id counts as the local user until the server's
 * binding arrives, so one's own first words are labelled at once.
 */
import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import type { DocWriter } from '../../../../shared/api.js';
import { api } from '../../lib/api.js';

/** How long to gather unknown client ids before asking again. */
const REFETCH_MS = 300;

export function useWriters(docName: string, ydoc: Y.Doc, self: Omit<DocWriter, 'clientId'> | null): Map<number, DocWriter> {
  const [bound, setBound] = useState<DocWriter[]>([]);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let known = new Set<number>();
    const load = () => {
      timer = null;
      api.writers(docName).then(
        ({ writers }) => {
          if (cancelled) return;
          known = new Set(writers.map((w) => w.clientId));
          setBound(writers);
        },
        () => {}, // the labels wait for the next change; the document itself is unaffected
      );
    };
    const onUpdate = (update: Uint8Array) => {
      if (timer) return;
      for (const clientId of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).keys()) {
        if (!known.has(clientId)) {
          timer = setTimeout(load, REFETCH_MS);
          return;
        }
      }
    };
    load();
    ydoc.on('update', onUpdate);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      ydoc.off('update', onUpdate);
    };
  }, [docName, ydoc]);
  return useMemo(() => {
    const map = new Map(bound.map((w) => [w.clientId, w]));
    if (self && !map.has(ydoc.clientID)) map.set(ydoc.clientID, { ...self, clientId: ydoc.clientID });
    return map;
  }, [bound, self?.userId, self?.name, self?.sector, ydoc.clientID]); // eslint-disable-line react-hooks/exhaustive-deps
}
