/**
 * Every open websocket (collaboration and socket.io), indexed by session and
 * user, so that logout and access changes can close them at once. With
 * several instances (docs/SPEC.md, SO2) each revocation is also handed to a
 * relay that tells the other instances, which apply it to their own sockets.
 */
export interface Closable {
  close(code: number, reason: string): void;
  /** Set for sockets bound to one forum's data (a collaboration document). */
  readonly forumId?: string;
  /** For sockets spanning forums (socket.io): drop just that forum. */
  leaveForum?(forumId: string): void;
}

/** A revocation as it travels between instances. */
export type Revocation =
  | { op: 'closeSession'; sessionId: string; code: number; reason: string }
  | { op: 'closeUser'; userId: string; code: number; reason: string }
  | { op: 'revokeForum'; userId: string; forumId: string; code: number; reason: string };

interface Entry {
  sessionId: string;
  userId: string;
  socket: Closable;
}

export class LiveConnections {
  private readonly bySession = new Map<string, Set<Entry>>();
  private readonly byUser = new Map<string, Set<Entry>>();
  private relay: ((r: Revocation) => void) | null = null;

  /** Other instances hear every revocation made here (set when Redis is configured). */
  setRelay(relay: ((r: Revocation) => void) | null): void {
    this.relay = relay;
  }

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

  /** Closes the session's sockets here and on every other instance; returns how many were here. */
  closeSession(sessionId: string, code: number, reason: string): number {
    this.relay?.({ op: 'closeSession', sessionId, code, reason });
    return closeAll(this.bySession.get(sessionId), code, reason);
  }

  /** Closes the user's sockets here and on every other instance; returns how many were here. */
  closeUser(userId: string, code: number, reason: string): number {
    this.relay?.({ op: 'closeUser', userId, code, reason });
    return closeAll(this.byUser.get(userId), code, reason);
  }

  /** A revocation made on another instance, applied to this instance's sockets only. */
  applyRemote(r: Revocation): number {
    switch (r.op) {
      case 'closeSession':
        return closeAll(this.bySession.get(r.sessionId), r.code, r.reason);
      case 'closeUser':
        return closeAll(this.byUser.get(r.userId), r.code, r.reason);
      case 'revokeForum':
        return this.revokeForumHere(r.userId, r.forumId, r.code, r.reason);
    }
  }

  /**
   * A membership ended or changed: close the user's sockets on that forum's
   * documents and take their other sockets out of the forum (A8).
   */
  revokeForum(userId: string, forumId: string, code: number, reason: string): number {
    this.relay?.({ op: 'revokeForum', userId, forumId, code, reason });
    return this.revokeForumHere(userId, forumId, code, reason);
  }

  private revokeForumHere(userId: string, forumId: string, code: number, reason: string): number {
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
