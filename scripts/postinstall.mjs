/**
 * After `npm install`: apply patches/ to dependencies, then generate the
 * Prisma client. patch-package is a build-time tool; an install without
 * dev dependencies (a production image built from a finished `npm run build`)
 * has nothing left to patch: the one patch (yjs#794, undo restoring text at
 * inconsistent origins) is in the browser's undo, already in the bundle.
 */
import { execFileSync } from 'node:child_process';
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
node(require.resolve('prisma/build/index.js'), ['generate', '--no-hints']);
