/**
 * After `npm install`: apply patches/ to dependencies, then generate the
 * Prisma client. patch-package is a build-time tool; an install without
 * dev dependencies (a production image built from a finished `npm run build`)
 * has nothing left to patch: the one patch (yjs#794, undo restoring text at
 * inconsistent origins) is in the browser's undo, already in the bundle.
 * The Prisma CLI is a build-time tool too: `npm run build` compiles the
 * generated client into dist/server/db/generated, so an install without dev
 * dependencies has nothing to generate (docs/decisions/0013).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const node = (script, args) => execFileSync(process.execPath, [script, ...args], { stdio: 'inherit' });

let patcher = null;
try {
  patcher = require.resolve('patch-package/index.js');
} catch {
  console.log('postinstall: patch-package is not installed (no dev dependencies); patches/ not applied');
}
if (patcher) node(patcher, ['--error-on-fail']);

// npm installs the CLI even with --omit=dev (an optional peer of @prisma/client); such an install, and a run stage
// that holds dist/ but not prisma/, use the client compiled into dist/ and generate nothing.
const withoutDev = /(^|[\s,])dev($|[\s,])/.test(process.env.npm_config_omit ?? '') || process.env.NODE_ENV === 'production';
const schema = fs.existsSync(new URL('../prisma/schema.prisma', import.meta.url));
let prisma = null;
if (withoutDev || !schema) {
  console.log('postinstall: an install without dev dependencies; the Prisma client compiled into dist/ is used');
} else {
  try {
    prisma = require.resolve('prisma/build/index.js');
  } catch {
    console.log('postinstall: the prisma CLI is not installed (no dev dependencies); the client compiled into dist/ is used');
  }
}
if (prisma) node(prisma, ['generate', '--no-hints']);
