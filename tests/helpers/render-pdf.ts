/**
 * For looking at a PDF as a person would: with MINUTES_RENDER_DIR set, a test writes the PDF there and, where
 * poppler's pdftoppm is installed (Debian: poppler-utils), one PNG per page beside it. Without it, nothing.
 *   MINUTES_RENDER_DIR=.scratch/minutes npx vitest run tests/minutes-record.test.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function renderForInspection(pdf: Buffer, name: string): string[] {
  const dir = process.env.MINUTES_RENDER_DIR;
  if (!dir) return [];
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    execFileSync('pdftoppm', ['-r', '90', '-png', file, path.join(dir, name)]);
  } catch {
    return [file];
  }
  return [file, ...fs.readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).map((f) => path.join(dir, f))];
}
