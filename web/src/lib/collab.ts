/**
 * One collaborative document: a Y.Doc synced over /collab/:docName with the
 * stock y-websocket provider, plus the connection state the UI shows.
 *
 * Nothing is written to browser storage: the document lives in memory only,
 * and unsent changes survive a dropped connection but not a closed tab.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode } from '../../../shared/protocol.js';
import { api, isUnauthorized } from './api.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Why the client stopped reconnecting for good (until the user asks again). */
export type ClosedReason = 'unauthorized' | 'forbidden' | 'tooLarge' | 'cprRefused';

export interface CollabSnapshot {
  state: ConnectionState;
  /** A local change was made while not connected and has not been synced since. */
  dirty: boolean;
  closed: ClosedReason | null;
  /** The server made the document read-only while it was open (its case was closed); the socket is back as a reader. */
  readOnly: boolean;
}

export interface Collab {
  readonly ydoc: Y.Doc;
  readonly provider: WebsocketProvider;
  getSnapshot(): CollabSnapshot;
  subscribe(listener: () => void): () => void;
  /** Try again after a `tooLarge` stop. */
  reconnect(): void;
  destroy(): void;
}

/** The ProseMirror content lives in this fragment; the server and tests rely on the name. */
export const FRAGMENT_NAME = 'prosemirror';

const STOP_CODES: Record<number, ClosedReason> = {
  [CloseCode.UNAUTHORIZED]: 'unauthorized',
  [CloseCode.FORBIDDEN]: 'forbidden',
  // Reconnecting would resend the same oversized state and be closed again.
  [CloseCode.TOO_LARGE]: 'tooLarge',
  // LB9: the refused change is still in this browser's copy; only a fresh copy of the document helps.
  [CloseCode.CPR_REFUSED]: 'cprRefused',
};

/** While connecting keeps failing, ask the HTTP API on the 1st, 4th, 7th… attempt why. */
const ACCESS_CHECK_EVERY = 3;

export function collabBaseUrl(origin = window.location.origin): string {
  return origin.replace(/^http/, 'ws') + '/collab';
}

export interface CollabOptions {
  /**
   * Asked when connecting keeps failing: may the user still open this document?
   * Defaults to "is it in /api/documents" (forum documents); case documents pass their own check.
   */
  hasAccess?: () => Promise<boolean>;
}

export function createCollab(docName: string, options: CollabOptions = {}): Collab {
  const hasAccess = options.hasAccess ?? (() => api.documents().then((docs) => docs.some((d) => d.docName === docName)));
  const ydoc = new Y.Doc();
  const online = () => navigator.onLine !== false;
  const provider = new WebsocketProvider(collabBaseUrl(), docName, ydoc, {
    connect: online(),
    disableBc: true,
    // y-websocket stops on every 44xx code by default; our protocol allows reconnecting
    // after all of them except the ones in STOP_CODES (MALFORMED and SLOW_CONSUMER re-sync).
    shouldReconnect: (event) => !(event.code in STOP_CODES),
  });

  let everSynced = false;
  let dirty = false;
  let closed: ClosedReason | null = null;
  let readOnly = false;
  let destroyed = false;
  let checkingAccess = false;
  const listeners = new Set<() => void>();

  const computeState = (): ConnectionState => {
    if (closed !== null || !online()) return 'offline';
    if (provider.wsconnected && provider.synced) return 'connected';
    return everSynced ? 'reconnecting' : 'connecting';
  };

  let snapshot: CollabSnapshot = { state: computeState(), dirty, closed, readOnly };
  const update = () => {
    if (destroyed) return;
    const next: CollabSnapshot = { state: computeState(), dirty, closed, readOnly };
    if (next.state === snapshot.state && next.dirty === snapshot.dirty && next.closed === snapshot.closed && next.readOnly === snapshot.readOnly) return;
    snapshot = next;
    for (const l of listeners) l();
  };

  const stop = (reason: ClosedReason, { fromCloseEvent = false } = {}) => {
    closed = reason;
    provider.shouldConnect = false;
    // Inside 'connection-close' the provider is already tearing the socket down
    // (and `shouldReconnect` keeps it down); calling disconnect() there would re-enter it.
    if (!fromCloseEvent) provider.disconnect();
    update();
  };

  const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    // Updates applied by the provider came from the server; everything else is local.
    if (origin !== provider && computeState() !== 'connected') {
      dirty = true;
      update();
    }
  };

  const onSync = (isSynced: boolean) => {
    if (isSynced) {
      everSynced = true;
      dirty = false;
    }
    update();
  };

  /**
   * The server refuses an upgrade with a plain HTTP 401/403/404 (docs/SPEC.md S4, S5),
   * which a browser reports only as close code 1006. Ask the HTTP API what is wrong.
   */
  const checkAccess = () => {
    if (checkingAccess) return;
    checkingAccess = true;
    api
      .me()
      .then(() => hasAccess())
      .then(
        (ok) => {
          if (!destroyed && !ok) stop('forbidden');
        },
        (err: unknown) => {
          if (!destroyed && isUnauthorized(err)) stop('unauthorized');
        },
      )
      .finally(() => {
        checkingAccess = false;
      });
  };

  const onConnectionClose = (event: CloseEvent | null) => {
    // `null` means we closed it ourselves (disconnect, watchdog).
    if (event) {
      // CS3: the provider reconnects as a reader; the page stops offering edits.
      if (event.code === CloseCode.CASE_CLOSED) readOnly = true;
      const reason = STOP_CODES[event.code];
      if (reason) {
        stop(reason, { fromCloseEvent: true });
        return;
      }
      // Refused before opening: check now and then (the counter grows by one per attempt).
      const neverOpened = !provider.wsconnected;
      if (neverOpened && online() && provider.wsUnsuccessfulReconnects % ACCESS_CHECK_EVERY === 0) checkAccess();
    }
    update();
  };

  const onOffline = () => {
    // Stop sending at once: the socket may look open for a while after the network is gone.
    provider.disconnect();
    update();
  };
  const onOnline = () => {
    if (closed === null) provider.connect();
    update();
  };

  ydoc.on('update', onDocUpdate);
  provider.on('sync', onSync);
  provider.on('status', update);
  provider.on('connection-close', onConnectionClose);
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  return {
    ydoc,
    provider,
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnect() {
      if (closed === 'unauthorized' || closed === 'forbidden') return;
      closed = null;
      if (online()) provider.connect();
      update();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      listeners.clear();
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      ydoc.off('update', onDocUpdate);
      provider.off('sync', onSync);
      provider.off('status', update);
      provider.off('connection-close', onConnectionClose);
      // Tell the others we left before the socket closes.
      provider.awareness.setLocalState(null);
      provider.destroy();
      ydoc.destroy();
    },
  };
}
