/**
 * The compiled production start (decision 0013): `npm run build:server` compiles the server to dist/, and
 * production runs it as plain `node dist/server/main.js` (no tsx, no Vite) against an external PostgreSQL.
 * The build is (re)made here when the sources are newer than it, so this file also runs on its own.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'dist');
const MAIN = path.join(DIST, 'server', 'main.js');

/** Newest modification time of the files under `dirs` (ms). */
function newest(dirs: string[]): number {
  let max = 0;
  for (const dir of dirs) {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      // Folders too: a deleted file changes only its folder.
      max = Math.max(max, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return max;
}

function ensureBuild(): void {
  const built = fs.existsSync(MAIN) ? fs.statSync(MAIN).mtimeMs : 0;
  const sources = newest(['server', 'shared', 'prisma/migrations']);
  const config = ['tsconfig.json', 'tsconfig.build.json', 'scripts/build-server.mjs'].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs);
  if (built < Math.max(sources, ...config)) execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'pipe' });
  if (!fs.existsSync(path.join(DIST, 'web', 'index.html'))) {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'], { cwd: ROOT, stdio: 'pipe' });
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** `node dist/server/main.js` with only the environment given (and PATH): nothing leaks in from the test run. */
function startCompiled(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    cwd: os.tmpdir(), // the compiled server finds its files from its own location, not the working directory
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })));
  const started = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the compiled server did not start:\n${output}`)), 15_000);
    const look = () => {
      const m = /"event":"server_started","port":(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', look);
    void exited.then((e) => {
      clearTimeout(timer);
      reject(new Error(`the compiled server exited with ${e.code ?? e.signal}:\n${e.output}`));
    });
  });
  started.catch(() => {}); // awaited by the tests that expect a start
  return { child, exited, started, output: () => output };
}

/** The package a bare import specifier names ('@scope/name/sub' → '@scope/name'). */
const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

describe('the compiled production start', () => {
  beforeAll(() => ensureBuild(), 60_000);

  it('[O3] production without DATABASE_URL and PUBLIC_ORIGIN exits non-zero with a message naming both', async () => {
    const { exited } = startCompiled({ NODE_ENV: 'production' });
    const { code, output } = await exited;
    expect(code).toBe(2);
    expect(output).toMatch(/^Invalid configuration:$/m);
    expect(output).toMatch(/^ {2}DATABASE_URL: required in production/m);
    expect(output).toMatch(/^ {2}PUBLIC_ORIGIN: required in production/m);
    expect(output).toMatch(/docs\/deploy\.md/);
    expect(output).not.toMatch(/embedded_pg/); // the embedded database was not started

    const onlyOrigin = await startCompiled({ NODE_ENV: 'production', DATABASE_URL: 'postgres://samraad@127.0.0.1:1/samraad' }).exited;
    expect(onlyOrigin.code).toBe(2);
    expect(onlyOrigin.output).toMatch(/PUBLIC_ORIGIN: required in production/);
    expect(onlyOrigin.output).not.toMatch(/DATABASE_URL/);
  });

  it('[O1][O4] plain node on dist/ migrates a fresh database, answers, serves the web app, creates no demo data and stops on SIGTERM', async () => {
    const databaseUrl = await createTestDatabase();
    const server = startCompiled({
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PUBLIC_ORIGIN: 'https://samraad.kommune.test',
      DATA_DIR: path.join(os.tmpdir(), 'samraad-must-not-be-used'),
    });
    const port = await server.started;
    const base = `http://127.0.0.1:${port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'up' });

    const page = await fetch(`${base}/moeder/abc`); // a client-side route gets index.html
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/<div id="root"><\/div>/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);

    const api = await fetch(`${base}/api/no-such-route`);
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'not_found' });

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const migrations = fs
        .readdirSync(path.join(ROOT, 'prisma/migrations'))
        .filter((name) => fs.existsSync(path.join(ROOT, 'prisma/migrations', name, 'migration.sql')));
      const applied = await db.query('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL');
      expect(applied.rows.map((r) => r.migration_name).sort()).toEqual(migrations.sort());
      expect((await db.query('SELECT count(*)::int AS n FROM "User"')).rows[0].n).toBe(0); // O4: no demo data
    } finally {
      await db.end();
    }

    server.child.kill('SIGTERM');
    const { code, output } = await server.exited;
    expect(code).toBe(0);
    expect(output).toMatch(/"event":"server_stopped"/);
    expect(output).toMatch(/"env":"production","embeddedDb":false/);
    expect(output).not.toMatch(/"level":"error"/);
    expect(fs.existsSync(path.join(os.tmpdir(), 'samraad-must-not-be-used'))).toBe(false);
  });

  it('the merge worker and the PDF fonts are where the compiled code looks for them', async () => {
    const { UpdateMerger } = await import(pathToFileURL(path.join(DIST, 'server/collab/merger.js')).href);
    const merger = new UpdateMerger();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    doc.getText('t').insert(0, 'Samråd');
    doc.getText('t').insert(6, ' kompileret');
    try {
      const { state } = await merger.merge(updates);
      expect(merger.usesWorker).toBe(true);
      const merged = new Y.Doc();
      Y.applyUpdate(merged, state);
      expect(merged.getText('t').toString()).toBe('Samråd kompileret');
    } finally {
      await merger.close();
    }

    const { archivalPdf } = await import(pathToFileURL(path.join(DIST, 'server/pdf/document.js')).href);
    const { doc: pdf, done } = archivalPdf({ title: 'Referat' });
    pdf.font('bold').text('Æbleø');
    pdf.end();
    const bytes: Buffer = await done;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toMatch(/LiberationSans-Bold/);
    expect(fs.existsSync(path.join(DIST, 'server/pdf/fonts/OFL.txt'))).toBe(true);
  });

  it('the runtime dependencies are exactly the packages the compiled server imports', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const imported = new Map<string, string>();
    const specifier = /(?:^|[;\s})])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
    for (const dir of ['server', 'shared']) {
      for (const file of fs.readdirSync(path.join(DIST, dir), { recursive: true, encoding: 'utf8' })) {
        if (!/\.m?js$/.test(file)) continue;
        const text = fs.readFileSync(path.join(DIST, dir, file), 'utf8');
        for (const m of text.matchAll(specifier)) {
          const spec = m[1] ?? m[2] ?? m[3]!;
          if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!)) continue;
          imported.set(packageOf(spec), path.join(dir, file));
        }
      }
    }
    // What `npm ci --omit=dev` installs must cover every import of the compiled code ...
    const missing = [...imported].filter(([name]) => !(name in manifest.dependencies)).map(([name, file]) => `${name} (${file})`);
    expect(missing, 'imported by the compiled server but not in dependencies').toEqual([]);
    // ... and nothing only the browser bundle or the build needs (those are devDependencies).
    const unused = Object.keys(manifest.dependencies).filter((name) => !imported.has(name));
    expect(unused, 'in dependencies but never imported by the compiled server').toEqual([]);
    for (const name of ['ws', '@prisma/adapter-pg', '@prisma/client']) expect(manifest.dependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
    for (const name of ['prisma', 'typescript']) expect(manifest.devDependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
