/** The reference server, @y/websocket-server 0.1.1 (yjs 13), without persistence. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { benchPort, onStop, ready, serveStats } from './common.js';

serveStats();
const server = http.createServer((_req, res) => res.end('y-websocket'));
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req));
});
server.listen(benchPort(), '127.0.0.1', () => ready((server.address() as AddressInfo).port));
onStop(async () => {
  for (const c of wss.clients) c.terminate();
  server.close();
});
