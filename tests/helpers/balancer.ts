/**
 * A real HTTP load balancer for tests: it listens on 127.0.0.1, forwards every request to one of several
 * upstream instances from its own address (127.0.0.2 by default, so that instances can trust it while a client
 * on 127.0.0.1 stays untrusted), and appends the client's address to X-Forwarded-For as nginx's
 * `$proxy_add_x_forwarded_for` does. `route` picks the upstream (round robin by default).
 *
 * And `send`: an HTTP request from a chosen local address (127.0.0.0/8 is all loopback on Linux), to play
 * clients with different addresses.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  origin: string;
  url: string;
  upstreams: string[];
  /** Which upstream (index) the next request goes to; default round robin. */
  route: (req: http.IncomingMessage) => number;
  /** The upstream index each request went to, in order. */
  hops: number[];
  close(): Promise<void>;
}

export async function startBalancer(opts: { from?: string } = {}): Promise<Balancer> {
  const from = opts.from ?? '127.0.0.2';
  let next = 0;
  const server = http.createServer();
  const balancer: Balancer = {
    origin: '',
    url: '',
    upstreams: [],
    route: () => next++ % balancer.upstreams.length,
    hops: [],
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  server.on('request', (req, res) => {
    const index = balancer.route(req);
    balancer.hops.push(index);
    const target = new URL(req.url ?? '/', balancer.upstreams[index]);
    const forwarded = req.headers['x-forwarded-for'];
    const headers = { ...req.headers, 'x-forwarded-for': `${forwarded ? `${forwarded}, ` : ''}${req.socket.remoteAddress}`, 'x-forwarded-proto': 'http' };
    const upstream = http.request(target, { method: req.method, headers, localAddress: from }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  balancer.origin = `http://localhost:${port}`;
  balancer.url = `http://127.0.0.1:${port}`;
  return balancer;
}

export interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request from local address `from` (no redirects followed). */
export function send(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress: init.from ?? '127.0.0.1' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
