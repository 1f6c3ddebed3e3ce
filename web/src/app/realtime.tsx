/**
 * One socket.io connection per logged-in tab, shared by the notification bell,
 * the meeting page and the case workspace. Forum rooms are joined by reference
 * count, and joined again after a reconnect.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { MeetingState, PresentMember, ServerToClientEvents } from '../../../shared/protocol.js';
import type { RealtimeSocket } from '../lib/realtime.js';
import { useSession } from './session.js';

const ACK_TIMEOUT_MS = 5000;

interface Realtime {
  socket: RealtimeSocket | null;
  /**
   * Joins a forum's room until the returned function is called. A watcher
   * (a case page) gets the pushes without being shown as present in the meeting.
   */
  joinForum(forumId: string, watch?: boolean): () => void;
}

const RealtimeContext = createContext<Realtime>({ socket: null, joinForum: () => () => {} });

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const userId = state.status === 'authenticated' ? state.me.id : null;
  const [value, setValue] = useState<Realtime>({ socket: null, joinForum: () => () => {} });

  useEffect(() => {
    if (!userId) return;
    // socket.io's client (~13 KB gzip) is fetched when a session exists, not with the first script: no page
    // needs it for its first paint; pushes and presence follow a moment later.
    let stop: (() => void) | null = null;
    let cancelled = false;
    import('../lib/realtime.js').then(
      ({ createRealtime }) => {
        if (!cancelled) stop = wire(createRealtime(), setValue);
      },
      (err: unknown) => console.warn('realtime not loaded', err),
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [userId]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/** Wires a new socket into the context; returns how to take it down again. */
function wire(socket: RealtimeSocket, setValue: (value: Realtime) => void): () => void {
  // Per forum: how many mounted users want to be present, and how many only watch.
  const counts = new Map<string, { present: number; watch: number }>();
  const emitJoin = (forumId: string) => {
    const c = counts.get(forumId);
    if (c) socket.timeout(ACK_TIMEOUT_MS).emit('meeting:join', { forumId, watch: c.present === 0 }, () => {});
  };
  socket.on('connect', () => {
    for (const forumId of counts.keys()) emitJoin(forumId);
  });
  const joinForum = (forumId: string, watch = false) => {
    const c = counts.get(forumId) ?? { present: 0, watch: 0 };
    const wasPresent = c.present > 0;
    const wasJoined = c.present + c.watch > 0;
    if (watch) c.watch++;
    else c.present++;
    counts.set(forumId, c);
    if (socket.connected && (!wasJoined || (!watch && !wasPresent))) emitJoin(forumId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (watch) c.watch--;
      else c.present--;
      if (c.present + c.watch === 0) {
        counts.delete(forumId);
        if (socket.connected) socket.emit('meeting:leave', { forumId }, () => {});
      } else if (!watch && c.present === 0 && socket.connected) {
        // No longer present, still watching: leave the presence, keep the pushes.
        socket.emit('meeting:leave', { forumId }, () => emitJoin(forumId));
      }
    };
  };
  setValue({ socket, joinForum });
  return () => {
    setValue({ socket: null, joinForum: () => () => {} });
    socket.removeAllListeners();
    socket.disconnect();
  };
}

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}

/** Calls `handler` for every push of `event`; the latest handler is used without resubscribing. */
export function useRealtimeEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) {
  const { socket } = useRealtime();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: unknown[]) => (ref.current as (...a: unknown[]) => void)(...args)) as never;
    socket.on(event, listener);
    return () => {
      socket.off(event, listener);
    };
  }, [socket, event]);
}

export interface ForumRoom {
  joined: boolean;
  present: PresentMember[];
  /** The forum's running meeting when we joined (or the last push). */
  meeting: MeetingState | null;
  /** serverNow − local now, in ms, from the latest state we got. */
  clockOffset: number;
}

/** Joins the forum's room (for `meeting:state`, `case:changed`, presence) while mounted; `watch` = not shown as present. */
export function useForumRoom(forumId: string | null, watch = false): ForumRoom {
  const { socket, joinForum } = useRealtime();
  const [room, setRoom] = useState<ForumRoom>({ joined: false, present: [], meeting: null, clockOffset: 0 });

  useEffect(() => {
    if (!socket || !forumId) return;
    let active = true;
    const release = joinForum(forumId, watch);
    const ask = () => {
      socket.timeout(ACK_TIMEOUT_MS).emit('meeting:join', { forumId, watch }, (err, res) => {
        if (!active || err || !res?.ok) return;
        setRoom((r) => ({
          joined: true,
          present: res.present ?? [],
          meeting: res.meeting ?? r.meeting,
          clockOffset: res.meeting ? Date.parse(res.meeting.serverNow) - Date.now() : r.clockOffset,
        }));
      });
    };
    const onPresence = (p: { forumId: string; present: PresentMember[] }) => {
      if (active && p.forumId === forumId) setRoom((r) => ({ ...r, present: p.present }));
    };
    const onState = (m: MeetingState) => {
      if (active && m.forumId === forumId) setRoom((r) => ({ ...r, meeting: m, clockOffset: Date.parse(m.serverNow) - Date.now() }));
    };
    socket.on('connect', ask);
    socket.on('meeting:presence', onPresence);
    socket.on('meeting:state', onState);
    if (socket.connected) ask();
    return () => {
      active = false;
      socket.off('connect', ask);
      socket.off('meeting:presence', onPresence);
      socket.off('meeting:state', onState);
      release();
    };
  }, [socket, forumId, joinForum, watch]);

  return room;
}
