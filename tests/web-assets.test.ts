/**
 * The built assets are compressed once, at build time, and sent as they were written (docs/SPEC.md, H10). Needs the
 * web build (`npm run build:web`). Requests go through node:http, which neither asks for an encoding by itself nor
 * decodes the answer, so the bytes compared are the bytes sent.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST } from '../server/app.js';
import { startTestServer, type TestServer } from './helpers/server.js';

let server: TestServer;
let scripts: string[] = [];

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(urlPath: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${urlPath}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

const onDisk = (asset: string) => fs.readFileSync(path.join(WEB_DIST, asset));

function expectCacheable(res: Answer): void {
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(String(res.headers.vary ?? '').toLowerCase()).toContain('accept-encoding');
}

beforeAll(async () => {
  server = await startTestServer({ SERVE_WEB: 'true' });
  const html = await get('/login');
  scripts = [...html.body.toString('utf8').matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => String(m[1]));
});
afterAll(async () => {
  await server?.close();
});

describe('web assets compressed at build time', () => {
  it('[H10] the main script is sent as its brotli copy, its gzip copy or as it is, by Accept-Encoding, and cacheable', async () => {
    const main = scripts.find((s) => !s.includes('/early-'));
    expect(main).toBeTruthy();
    const raw = onDisk(main!);
    expect(raw.length).toBeGreaterThan(1024);
    expect(fs.existsSync(path.join(WEB_DIST, `${main}.br`))).toBe(true);
    expect(fs.existsSync(path.join(WEB_DIST, `${main}.gz`))).toBe(true);

    for (const accept of ['br', 'gzip, deflate, br, zstd']) {
      const br = await get(main!, { 'accept-encoding': accept });
      expectCacheable(br);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toContain('javascript');
      expect(br.body.length).toBeLessThan(raw.length);
      expect(zlib.brotliDecompressSync(br.body).equals(raw)).toBe(true);
    }

    const gz = await get(main!, { 'accept-encoding': 'gzip' });
    expectCacheable(gz);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThan(raw.length);
    expect(zlib.gunzipSync(gz.body).equals(raw)).toBe(true);

    const identity = await get(main!);
    expectCacheable(identity);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(raw)).toBe(true);
  });

  it('[H10] a file under 1 KB has no compressed copy and is sent as it is, whatever the request accepts', async () => {
    const small = fs
      .readdirSync(path.join(WEB_DIST, 'assets'))
      .map((name) => `/assets/${name}`)
      .find((asset) => asset.endsWith('.js') && onDisk(asset).length < 1024);
    expect(small, 'the build has a script under 1 KB').toBeTruthy();
    expect(fs.existsSync(path.join(WEB_DIST, `${small}.br`))).toBe(false);
    expect(fs.existsSync(path.join(WEB_DIST, `${small}.gz`))).toBe(false);
    const res = await get(small!, { 'accept-encoding': 'gzip, deflate, br' });
    expectCacheable(res);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.equals(onDisk(small!))).toBe(true);
  });

  it('[H10] an asset the build does not have is a 404, not the app page under its name, and not cached', async () => {
    const res = await get('/assets/index-gone0000.js', { 'accept-encoding': 'br' });
    expect(res.status).toBe(404);
    expect(res.headers['cache-control']).toBeUndefined();
    expect(res.body.toString()).not.toContain('<html');
  });
});
