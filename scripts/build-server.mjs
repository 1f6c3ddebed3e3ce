/**
 * `npm run build:server`: compiles server/ and shared/ (with the generated Prisma client) to JavaScript under
 * dist/ (tsconfig.build.json), mirroring the source tree, so that production runs `node dist/server/main.js`
 * with neither tsx nor Vite. Then copies beside the compiled code what it reads at run time relative to itself:
 *
 *   every server/…/*.mjs    → dist/server/…   (update-guard.mjs, merge-worker.mjs: imported, and the worker's file)
 *   server/pdf/fonts/       → dist/server/pdf/fonts/   (the embedded fonts and their OFL licence)
 *   prisma/migrations/      → dist/prisma/migrations/  (server/db/migrate.ts reads ../../prisma/migrations)
 *
 * The web app is built to dist/web by Vite (`npm run build:web`); server/app.ts finds it beside dist/server.
 * Everything the compiled server needs is then under dist/ plus node_modules (docs/deploy.md).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');

// A file deleted from the sources must not live on in the build.
for (const dir of ['server', 'shared', 'prisma']) fs.rmSync(path.join(dist, dir), { recursive: true, force: true });

const tsc = path.join(path.dirname(fileURLToPath(import.meta.resolve('typescript/package.json'))), 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const copied = [];
const copy = (from, to) => {
  fs.cpSync(path.join(root, from), path.join(dist, to), { recursive: true });
  copied.push(from);
};
for (const file of fs.readdirSync(path.join(root, 'server'), { recursive: true, encoding: 'utf8' })) {
  if (file.endsWith('.mjs') && !/\.test\.mjs$/.test(file)) copy(path.join('server', file), path.join('server', file));
}
copy('server/pdf/fonts', 'server/pdf/fonts');
copy('prisma/migrations', 'prisma/migrations');

// What the compiled code opens by path must be there (a missing worker file would only show as slower compaction).
const required = [
  'server/main.js',
  'server/collab/merge-worker.mjs',
  'server/collab/update-guard.mjs',
  'server/pdf/fonts/LiberationSans-Regular.ttf',
  'server/pdf/fonts/LiberationSans-Bold.ttf',
  'server/pdf/fonts/LiberationSans-Italic.ttf',
  'server/pdf/fonts/OFL.txt',
  'server/db/generated/client.js',
];
const missing = required.filter((f) => !fs.existsSync(path.join(dist, f)));
if (!fs.readdirSync(path.join(dist, 'prisma/migrations')).length) missing.push('prisma/migrations/*');
if (missing.length) {
  console.error(`build:server: missing from dist/: ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`build:server: compiled to dist/server and dist/shared; copied ${copied.length} assets`);
