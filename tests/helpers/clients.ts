/** Real clients for tests: HTTP login, stock y-websocket providers, raw sockets, waiting. */
import { io as connectIo, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';
import { PASSWORD } from './factories.js';

export type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client logged in as `email` (websocket token, no reconnection), resolved once connected. */
export async function connectMeetingSocket(baseUrl: string, origin: string, email: string): Promise<MeetingSocket> {
  const token = await wsTokenAs({ url: baseUrl, origin }, email);
  const socket: MeetingSocket = connectIo(baseUrl, { transports: ['websocket'], auth: { token }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

export async function login(baseUrl: string, origin: string, email: string, password = PASSWORD): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const cookie = res.headers.get('set-cookie')!;
  return cookie.split(';')[0]!;
}

export async function wsToken(baseUrl: string, origin: string, cookie: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/ws-token`, { method: 'POST', headers: { cookie, origin } });
  if (res.status !== 200) throw new Error(`ws-token failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Logs `email` in on `server` and returns a websocket token for that session. */
export async function wsTokenAs(server: { url: string; origin: string }, email: string): Promise<string> {
  return wsToken(server.url, server.origin, await login(server.url, server.origin, email));
}

export interface TestProvider {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  closes: number[];
  destroy(): void;
}

/** A stock WebsocketProvider, authenticated by token (no Origin) or by cookie + Origin. */
export function connectProvider(
  wsUrl: string,
  docName: string,
  auth: { token: string } | { cookie: string; origin: string },
  opts: { connect?: boolean } = {},
): TestProvider {
  const doc = new Y.Doc();
  const closes: number[] = [];
  const params: Record<string, string> = 'token' in auth ? { token: auth.token } : {};
  const headers = 'cookie' in auth ? { cookie: auth.cookie, origin: auth.origin } : {};
  const Polyfill = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  };
  const provider = new WebsocketProvider(`${wsUrl}/collab`, docName, doc, {
    WebSocketPolyfill: Polyfill as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    connect: opts.connect ?? true,
  });
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  return {
    doc,
    provider,
    text: doc.getText('t'),
    closes,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function synced(p: TestProvider, timeoutMs = 10_000): Promise<void> {
  if (p.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('not synced in time')), timeoutMs);
    p.provider.once('sync', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Retries an assertion until it passes or the time is up (convergence is eventual). */
export async function eventually(assertion: () => void | Promise<void>, timeoutMs = 10_000, stepMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}

export interface RawResult {
  /** HTTP status when the upgrade was refused, or 101. */
  status: number;
  /** Every message the socket received before it closed. */
  received: Buffer[];
  ws?: WebSocket;
}

/** Attempts a raw websocket upgrade and reports what came back. */
export function rawUpgrade(url: string, headers: Record<string, string> = {}): Promise<RawResult> {
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const ws = new WebSocket(url, { headers });
    ws.on('message', (data: Buffer) => received.push(data));
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, received });
      ws.terminate();
    });
    ws.on('open', () => resolve({ status: 101, received, ws }));
    ws.on('error', () => resolve({ status: 0, received }));
  });
}

/** Opens a raw websocket and resolves with its close code once the server closes it. */
export function closeCodeOf(ws: WebSocket, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket not closed in time')), timeoutMs);
    ws.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
