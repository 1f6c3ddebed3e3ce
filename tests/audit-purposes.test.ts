/** The audit log's purposes in words (docs/SPEC.md, WB17, LBL1): every purpose the server writes has a label. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_PURPOSES, AUDIT_PURPOSE_LABELS, auditPurposeLabel } from '../shared/labels.js';

function serverFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : serverFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('audit purposes', () => {
  it('[WB17] every purpose code written by the server has a Danish and an English label', () => {
    const root = path.resolve(import.meta.dirname, '../server');
    const found = new Set<string>();
    for (const file of serverFiles(root)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/purpose: '([a-z][a-z-]+)'/g)) found.add(m[1]!);
      for (const m of text.matchAll(/purpose: [^,}]*\? '([a-z][a-z-]+)' : '([a-z][a-z-]+)'/g)) {
        found.add(m[1]!);
        found.add(m[2]!);
      }
    }
    found.delete('purpose'); // a field name in a validation error, not an audit purpose
    // The versions' reads (VersionRead) are passed as a variable.
    for (const v of ['case-versions', 'case-version', 'case-changes']) found.add(v);
    expect(found.size).toBeGreaterThan(20);
    const known = new Set<string>(AUDIT_PURPOSES);
    expect([...found].filter((p) => !known.has(p))).toEqual([]);
    for (const p of AUDIT_PURPOSES) {
      expect(AUDIT_PURPOSE_LABELS.da[p], p).toMatch(/\S/);
      expect(AUDIT_PURPOSE_LABELS.en[p], p).toMatch(/\S/);
    }
  });

  it("[WB17] 'case-document' reads 'Sagens dokument'; a legal basis names the basis; unknown codes stay as they are", () => {
    expect(auditPurposeLabel('da', 'case-document')).toBe('Sagens dokument');
    expect(auditPurposeLabel('en', 'case-document')).toBe('The case document');
    expect(auditPurposeLabel('da', 'legal-basis:CONSENT')).toBe('Hjemmel registreret: Samtykke');
    expect(auditPurposeLabel('en', 'legal-basis:SSP_115')).toBe('Legal basis recorded: SSP exchange (Administration of Justice Act §115)');
    expect(auditPurposeLabel('da', 'something-new')).toBe('something-new');
    expect(auditPurposeLabel('da', null)).toBe('');
  });
});
