/**
 * socket.io on the same port as the HTTP API (docs/SPEC.md, M1-M4): a room
 * per forum meeting, presence of its members, and the current agenda item
 * that the chair sets. Authenticated like the collaboration socket; every
 * event asks the policy with memberships loaded fresh.
 *
 * Presence lives on the sockets themselves (`socket.data.present`), and the
 * list is computed with `fetchSockets()`, which with the Redis adapter (SO3)
 * asks every instance. Each instance publishes the list after a change on its
 * own sockets, and once more a second later: two instances changing at once
 * may otherwise deliver an older list last.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Ack, ClientToServerEvents, MeetingState, PresentMember, ServerToClientEvents } from '../../shared/protocol.js';
import { meetingJoinSchema, setCurrentItemSchema } from '../../shared/schemas/auth.js';
import { authenticateHandshake } from '../auth/handshake.js';
import type { LiveConnections } from '../auth/live-connections.js';
import type { SessionStore } from '../auth/sessions.js';
import type { Db } from '../db/client.js';
import { log } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { loadActor } from '../policy/actor.js';
import { can, type Action } from '../policy/policy.js';
import type { SocketIoCluster } from '../scale/index.js';
import { DomainError } from '../features/meetings/errors.js';
import { MeetingService } from '../features/meetings/service.js';
import { forumCaseRoom, forumRoom, meetingStateWithoutCases, userRoom, type RealtimeHub } from './hub.js';

interface SocketData {
  sessionId: string;
  userId: string;
  name: string;
  /** forumId → how this socket is shown in that forum's presence (set by meeting:join). */
  present: Record<string, PresentMember>;
}
type MeetingSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface MeetingChannelDeps {
  db: Db;
  sessions: SessionStore;
  live: LiveConnections;
  metrics: Metrics;
  hub: RealtimeHub;
  allowedOrigins: () => ReadonlySet<string>;
  /** The Redis adapter when several instances run (REDIS_URL); null for one instance. */
  cluster?: SocketIoCluster | null;
}

/** With several instances, presence is published again this long after a change (see above). */
const PRESENCE_SETTLE_MS = 1000;


export function attachMeetingChannel(httpServer: HttpServer, deps: MeetingChannelDeps) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    path: '/socket.io/',
    serveClient: false,
    // Websocket only: browsers always send Origin on it, which the handshake checks.
    transports: ['websocket'],
    // Leave upgrades for other paths (/collab/) to their own handler.
    destroyUpgrade: false,
    maxHttpBufferSize: 16 * 1024,
  });
  if (deps.cluster) io.adapter(deps.cluster.adapter);
  const meetings = new MeetingService(deps.db, deps.hub);
  deps.metrics.gauges.socketioConnections = () => io.engine.clientsCount;
  deps.hub.bind(io);

  io.use((socket, next) => {
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
    authenticateHandshake(deps.sessions, deps.allowedOrigins(), {
      origin: socket.handshake.headers.origin,
      cookieHeader: socket.handshake.headers.cookie,
      token,
    })
      .then(async (auth) => {
        if (!auth.ok) {
          log.warn('socketio_refused', { status: auth.status, reason: auth.reason });
          return next(new Error(auth.status === 403 ? 'forbidden' : 'unauthorized'));
        }
        const actor = await loadActor(deps.db, auth.session.userId);
        if (!actor) return next(new Error('unauthorized'));
        socket.data = { sessionId: auth.session.sessionId, userId: actor.userId, name: actor.name, present: {} };
        next();
      })
      .catch((err) => {
        log.error('socketio_auth_failed', { err: (err as Error).message });
        next(new Error('internal'));
      });
  });

  /** Everyone present in a forum, on every instance (this one alone while Redis is down). */
  async function presenceOf(forumId: string): Promise<{ present: PresentMember[]; cluster: boolean }> {
    const room = forumRoom(forumId);
    let sockets: Array<{ data: Partial<SocketData> }>;
    let cluster = false;
    if (deps.cluster?.isUp()) {
      try {
        sockets = await io.in(room).fetchSockets();
        cluster = true;
      } catch {
        sockets = await io.local.in(room).fetchSockets();
      }
    } else {
      sockets = await io.local.in(room).fetchSockets();
    }
    const present = sockets.map((s) => s.data.present?.[forumId]).filter((p): p is PresentMember => p !== undefined);
    return { present, cluster: cluster || !deps.cluster };
  }

  // One computation per forum at a time; a change meanwhile runs it again afterwards.
  const presenceRuns = new Map<string, { again: boolean }>();
  const settleTimers = new Map<string, NodeJS.Timeout>();
  let closing = false;
  function publishPresence(forumId: string, settle = true): void {
    if (closing) return;
    if (settle && deps.cluster) {
      clearTimeout(settleTimers.get(forumId));
      const timer = setTimeout(() => {
        settleTimers.delete(forumId);
        publishPresence(forumId, false);
      }, PRESENCE_SETTLE_MS);
      timer.unref();
      settleTimers.set(forumId, timer);
    }
    const running = presenceRuns.get(forumId);
    if (running) {
      running.again = true;
      return;
    }
    const run = { again: false };
    presenceRuns.set(forumId, run);
    void (async () => {
      do {
        run.again = false;
        const { present, cluster } = await presenceOf(forumId);
        // A list of this instance alone (Redis down) goes to this instance's sockets only.
        (cluster ? io : io.local).to(forumRoom(forumId)).emit('meeting:presence', { forumId, present });
      } while (run.again);
    })()
      .catch((err) => log.error('socketio_presence_failed', { forum: forumId, err: (err as Error).message }))
      .finally(() => presenceRuns.delete(forumId));
  }

  /** Out of the forum's rooms, watcher or present (A11); the others see the new presence list. */
  function leave(socket: MeetingSocket, forumId: string): void {
    void socket.leave(forumRoom(forumId));
    void socket.leave(forumCaseRoom(forumId));
    if (!socket.data.present?.[forumId]) return;
    delete socket.data.present[forumId];
    publishPresence(forumId);
  }

  /** Loads the actor fresh, so a changed membership counts at once, and asks the policy. */
  async function allowed(socket: MeetingSocket, action: Action, forumId: string) {
    const actor = await loadActor(deps.db, socket.data.userId);
    if (!actor || !can(actor, action, { forumId })) {
      log.warn('socketio_denied', { user: socket.data.userId, action, forum: forumId });
      return null;
    }
    return actor;
  }

  // When Redis returns, every instance publishes the presence of the forums it has sockets in.
  deps.cluster?.onUp(() => {
    for (const room of io.of('/').adapter.rooms.keys()) {
      if (room.startsWith(forumRoom(''))) publishPresence(room.slice(forumRoom('').length));
    }
  });

  io.on('connection', (socket) => {
    const unregister = deps.live.add(socket.data.sessionId, socket.data.userId, {
      close: () => socket.disconnect(true),
      leaveForum: (forumId) => leave(socket, forumId),
    });
    // Personal pushes (reminders) reach every socket of the user.
    void socket.join(userRoom(socket.data.userId));

    socket.on('meeting:join', (payload, ack) =>
      guard(ack, async (reply) => {
        const input = meetingJoinSchema.safeParse(payload);
        if (!input.success) return reply({ ok: false, error: 'invalid_input' });
        const { forumId, watch } = input.data;
        const actor = await allowed(socket, 'meeting:join', forumId);
        if (!actor) return reply({ ok: false, error: 'forbidden' });
        const m = actor.memberships.get(forumId)!;
        // A4: case-bearing pushes go only to the sockets of those who may read the forum's cases.
        const readsCases = can(actor, 'case:read', { forumId, isCase: true });
        await socket.join(readsCases ? [forumRoom(forumId), forumCaseRoom(forumId)] : forumRoom(forumId));
        if (!readsCases) await socket.leave(forumCaseRoom(forumId));
        // M4: a watcher (someone reading a case) gets the pushes but is not "present" in the meeting.
        if (!watch || socket.data.present[forumId]) {
          socket.data.present[forumId] = { userId: actor.userId, name: actor.name, sector: m.sector, role: m.role };
          publishPresence(forumId);
        }
        const [meeting, { present }] = await Promise.all([meetings.stateOfForum(forumId), presenceOf(forumId)]);
        reply({ ok: true, meeting: meeting && !readsCases ? meetingStateWithoutCases(meeting) : meeting, present });
      }),
    );

    socket.on('meeting:leave', (payload, ack) =>
      guard(ack, async (reply) => {
        const input = meetingJoinSchema.safeParse(payload);
        if (!input.success) return reply({ ok: false, error: 'invalid_input' });
        leave(socket, input.data.forumId);
        reply({ ok: true });
      }),
    );

    socket.on('meeting:setCurrentItem', (payload, ack) =>
      guard(ack, async (reply) => {
        const input = setCurrentItemSchema.safeParse(payload);
        if (!input.success) return reply({ ok: false, error: 'invalid_input' });
        const { forumId, itemId } = input.data;
        const actor = await allowed(socket, 'meeting:setCurrentItem', forumId);
        if (!actor) return reply({ ok: false, error: 'forbidden' });
        const meetingId = await meetings.runningMeetingId(forumId);
        if (!meetingId) return reply({ ok: false, error: 'no_running_meeting' });
        try {
          await meetings.setCurrent(actor, meetingId, itemId); // publishes meeting:state
        } catch (err) {
          if (err instanceof DomainError) return reply({ ok: false, error: err.code });
          throw err;
        }
        reply({ ok: true });
      }),
    );

    socket.on('disconnect', () => {
      unregister();
      // The socket has left its rooms by now; the others get the list without it.
      for (const forumId of Object.keys(socket.data.present ?? {})) publishPresence(forumId);
    });
  });

  return {
    io,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const timer of settleTimers.values()) clearTimeout(timer);
        settleTimers.clear();
        io.close(() => resolve());
      }),
  };
}

/**
 * Runs an event handler so that a missing ack, bad input or a thrown error
 * never crashes the server; the client gets `{ ok: false }` instead.
 */
type Reply = Ack & { meeting?: MeetingState | null; present?: PresentMember[] };
function guard(ack: unknown, handler: (reply: (res: Reply) => void) => Promise<void>): void {
  const reply = typeof ack === 'function' ? (ack as (res: Reply) => void) : () => {};
  handler(reply).catch((err) => {
    log.error('socketio_handler_failed', { err: (err as Error).message });
    reply({ ok: false, error: 'internal' });
  });
}
