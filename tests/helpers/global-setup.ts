/**
 * One PostgreSQL for the whole run: the server at TEST_DATABASE_URL if set,
 * otherwise an embedded one in a temporary folder. Each test file then makes
 * its own database in it (tests/helpers/server.ts), so files never share data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connectionFromUrl, startEmbedded } from '../../server/db/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdmin: { host: string; port: number; user: string; password: string };
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    const c = connectionFromUrl(process.env.TEST_DATABASE_URL);
    project.provide('pgAdmin', { host: c.host!, port: c.port!, user: c.user!, password: String(c.password ?? '') });
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samraad-test-pg-'));
  fs.chmodSync(dir, 0o755);
  const port = 55000 + (process.pid % 4000);
  const pg = await startEmbedded(path.join(dir, 'data'), port, 'postgres');
  project.provide('pgAdmin', { host: '127.0.0.1', port, user: 'postgres', password: 'postgres' });
  return async () => {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
