/**
 * `npm run bench -- --baseline=<git ref>`: Samråd as it was at another commit,
 * run beside today's in the same run (same database, same harness, same
 * machine minute), so a change on the hot path reports its before/after as a
 * ratio. The ref is exported with `git archive` into a directory of its own
 * (kept for later runs), shares this checkout's node_modules, and gets its own
 * generated Prisma client (its schema may differ).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export function prepareBaseline(ref: string): { dir: string; sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT }).toString().trim();
  const dir = path.join(os.tmpdir(), `samraad-baseline-${sha.slice(0, 12)}`);
  if (!fs.existsSync(path.join(dir, 'server', 'db', 'generated'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', sha], { cwd: ROOT, maxBuffer: 512 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--no-hints'], { cwd: dir, stdio: 'ignore' });
  }
  return { dir, sha };
}
