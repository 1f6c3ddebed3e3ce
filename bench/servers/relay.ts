/**
 * The floor: a websocket room relay that forwards every frame to the other
 * sockets on the same path without parsing it. It holds no document, so it
 * never answers sync step 1 itself (peers answer each other).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { benchPort, onStop, ready, serveStats } from './common.js';

serveStats();
const rooms = new Map<string, Set<WebSocket>>();
const server = http.createServer((_req, res) => res.end('relay'));
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });

server.on('upgrade', (req, socket, head) => {
  const room = (req.url ?? '/').split('?')[0]!;
  wss.handleUpgrade(req, socket, head, (ws) => {
    let peers = rooms.get(room);
    if (!peers) rooms.set(room, (peers = new Set()));
    peers.add(ws);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      for (const p of peers!) if (p !== ws && p.readyState === p.OPEN) p.send(data, { binary: isBinary });
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      peers!.delete(ws);
      if (peers!.size === 0) rooms.delete(room);
    });
  });
});

server.listen(benchPort(), '127.0.0.1', () => ready((server.address() as AddressInfo).port));
onStop(async () => {
  for (const c of wss.clients) c.terminate();
  server.close();
});
