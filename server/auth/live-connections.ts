/**
 * Every open websocket (collaboration and socket.io), indexed by session and
 * user, so that logout and access changes can close them at once.
 */
export interface Closable {
  close(code: number, reason: string): void;
  /** Set for sockets bound to one forum's data (a collaboration document). */
  readonly forumId?: string;
  /** For sockets spanning forums (socket.io): drop just that forum. */
  leaveForum?(forumId: string): void;
}

interface Entry {
  sessionId: string;
  userId: string;
  socket: Closable;
}

export class LiveConnections {
  private readonly bySession = new Map<string, Set<Entry>>();
  private readonly byUser = new Map<string, Set<Entry>>();

  /** Registers a socket; call the returned function when it closes. */
  add(sessionId: string, userId: string, socket: Closable): () => void {
    const entry: Entry = { sessionId, userId, socket };
    addTo(this.bySession, sessionId, entry);
    addTo(this.byUser, userId, entry);
    return () => {
      removeFrom(this.bySession, sessionId, entry);
      removeFrom(this.byUser, userId, entry);
    };
  }

  closeSession(sessionId: string, code: number, reason: string): number {
    return closeAll(this.bySession.get(sessionId), code, reason);
  }

  closeUser(userId: string, code: number, reason: string): number {
    return closeAll(this.byUser.get(userId), code, reason);
  }

  /**
   * A membership ended or changed: close the user's sockets on that forum's
   * documents and take their other sockets out of the forum (A8).
   */
  revokeForum(userId: string, forumId: string, code: number, reason: string): number {
    let n = 0;
    for (const e of [...(this.byUser.get(userId) ?? [])]) {
      if (e.socket.forumId === forumId) {
        e.socket.close(code, reason);
        n++;
      } else if (e.socket.leaveForum) {
        e.socket.leaveForum(forumId);
        n++;
      }
    }
    return n;
  }
}

function addTo(map: Map<string, Set<Entry>>, key: string, entry: Entry): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(entry);
}

function removeFrom(map: Map<string, Set<Entry>>, key: string, entry: Entry): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(entry);
  if (set.size === 0) map.delete(key);
}

function closeAll(set: Set<Entry> | undefined, code: number, reason: string): number {
  if (!set) return 0;
  const entries = [...set];
  for (const e of entries) e.socket.close(code, reason);
  return entries.length;
}
