/**
 * LBL1: one source of domain labels. The web's dictionaries, the minutes and the access-request PDF call a legal
 * basis, a sector, a forum type, an action status and a ladder step by the same words, from shared/labels.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEGAL_BASES, SECTORS, FORUM_TYPES, ACTION_STATUSES, LADDER_STEPS, type LegalBasisKind } from '../shared/domain.js';
import {
  ACTION_STATUS_LABELS,
  DEFAULT_LEVEL_LABELS,
  FORUM_TYPE_LABELS,
  LADDER_LABELS,
  LEGAL_BASIS_LABELS,
  SECTOR_LABELS,
  SOS_COLUMN_LABELS,
} from '../shared/labels.js';
import { renderAccessRequestPdf } from '../server/features/access-request/pdf.js';
import type { AccessRequestExport } from '../server/features/access-request/service.js';
import { presentRecord } from '../server/features/minutes/record.js';
import { da } from '../web/src/i18n/da.js';
import { en } from '../web/src/i18n/en.js';
import { da as privacyDa, en as privacyEn } from '../web/src/features/privacy/dictionary.js';
import { pdfText } from './helpers/pdf-text.js';

const privacyTexts = { da: privacyDa, en: privacyEn };

function exportWithBases(kinds: LegalBasisKind[]): AccessRequestExport {
  const empty = { concern: [], sos: { worries: [], strengths: [], next: [] }, voice: '', network: [], actions: [] };
  return {
    generatedAt: '2026-11-24T08:00:00.000Z',
    redactedEmployees: true,
    case: {
      reference: 'K7QX', forum: { name: 'SSD Nord', type: 'SSD' }, status: 'OPEN', anonymous: true, description: 'dreng, 4 år',
      childName: null, childCpr: null, childAddress: null, parentNames: null, basis: kinds[0]!, ladderStep: 2,
      createdAt: '2026-11-01T08:00:00.000Z', closedAt: null, createdBy: 'Medarbejder 1',
    },
    document: empty,
    healthDocument: null,
    assessments: [],
    actions: [{ title: 'Hjemmebesøg', responsible: 'Medarbejder 1', ladderStep: 2, dueDate: '2026-12-01', status: 'DONE', createdAt: '2026-11-01T08:00:00.000Z' }],
    ladderChanges: [],
    followUps: [],
    agenda: [],
    versions: [],
    legalBases: kinds.map((kind) => ({
      kind, setAt: '2026-11-01T08:00:00.000Z', endedAt: null, setBy: 'Medarbejder 1', consentGivenBy: null, consentScope: null,
      consentSectors: [], consentPurpose: null, consentGivenOn: null, consentValidUntil: null, consentWithdrawnOn: null,
    })),
    reportDutyAnswers: [],
    auditLog: [],
  };
}

describe('one source of domain labels', () => {
  it('[LBL1] the web dictionaries hold exactly the shared tables, in Danish and English', () => {
    for (const [lang, dict] of [['da', da], ['en', en]] as const) {
      const d = dict as Record<string, string>;
      for (const s of SECTORS) expect(d[`sector.${s}`]).toBe(SECTOR_LABELS[lang][s]);
      for (const f of FORUM_TYPES) expect(d[`forumType.${f}`]).toBe(FORUM_TYPE_LABELS[lang][f]);
      for (const a of ACTION_STATUSES) expect(d[`status.${a}`]).toBe(ACTION_STATUS_LABELS[lang][a]);
      for (const l of LADDER_STEPS) expect(d[`ladder.${l}`]).toBe(LADDER_LABELS[lang][l]);
      for (const c of ['worries', 'strengths', 'next'] as const) expect(d[`sos.${c}`]).toBe(SOS_COLUMN_LABELS[lang][c]);
      const privacy = privacyTexts[lang] as Record<string, string>;
      for (const b of LEGAL_BASES) expect(privacy[`kind.${b}`]).toBe(LEGAL_BASIS_LABELS[lang][b]);
    }
  });

  it('[LBL1][MN6] the access-request PDF names each legal basis exactly as the case page does (never "§ 49 b"), in PDF/A', async () => {
    const pdf = await renderAccessRequestPdf(exportWithBases([...LEGAL_BASES]));
    expect(pdf.toString('latin1')).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(pdf.toString('latin1')).not.toMatch(/\/BaseFont \/Helvetica/);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    for (const b of LEGAL_BASES) expect(text).toContain(privacyTexts.da[`kind.${b}`]);
    expect(text).not.toMatch(/49 ?b/);
    expect(text).toContain(`Indsatstrappen trin 2 (${da['ladder.2']})`);
    expect(text).toContain(da['status.DONE']);
  });

  it('[LBL1] the minutes name the basis, the SoS columns, statuses and steps with the UI\'s words', () => {
    const record = presentRecord(
      {
        level: 3,
        sosScale: 5,
        basis: 'SSD_EXCHANGE',
        content: {
          concern: [],
          sos: { worries: [], strengths: [], next: [] },
          voice: { text: '', changedById: null },
          network: [],
          actions: [{ id: 'a', title: 'Hjemmebesøg', responsibleUserId: null, ladderStep: 2, dueDate: null, status: 'IN_PROGRESS', addedById: null, changedById: null }],
          writers: {},
          participants: [],
          outcome: null,
          followUp: null,
          noFollowUpReason: 'afklaret',
        },
      },
      (t) => t,
      () => undefined,
    );
    expect(record.basis.value).toBe(privacyTexts.da['kind.SSD_EXCHANGE']);
    expect(record.view.sos.map((c) => c.heading)).toEqual([da['sos.worries'], da['sos.strengths'], da['sos.next']]);
    expect(record.actions[0]).toMatchObject({ status: da['status.IN_PROGRESS'], step: `Indsatstrappen trin 2 (${da['ladder.2']})` });
  });

  it('[LBL1] no copy of a label table is left in the web app or the server', () => {
    const distinctive = [
      ...LEGAL_BASES.flatMap((b) => [LEGAL_BASIS_LABELS.da[b], LEGAL_BASIS_LABELS.en[b]]).filter((l) => l.length > 12),
      ...LADDER_STEPS.map((s) => LADDER_LABELS.da[s]).filter((l) => l.length > 12),
      ...Object.values(SOS_COLUMN_LABELS.da),
      SECTOR_LABELS.da.SOCIAL,
      FORUM_TYPE_LABELS.da.TRIVSEL_0_3,
      FORUM_TYPE_LABELS.da.DISTRIKTSTEAM,
      // Two-word level names only: "Bekymring" alone is also the concern note's heading.
      ...DEFAULT_LEVEL_LABELS.filter((l) => l.includes(' ')),
    ];
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) return e.name === 'generated' || e.name === 'node_modules' ? [] : files(p);
        return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
      });
    const copies: string[] = [];
    for (const file of [...files('web/src'), ...files('server')]) {
      const source = fs.readFileSync(file, 'utf8');
      // A table entry is the label as a whole string literal; words inside longer sentences are not copies.
      for (const label of distinctive) if (source.includes(`'${label}'`) || source.includes(`"${label}"`)) copies.push(`${file}: ${label}`);
    }
    expect(copies).toEqual([]);
  });
});
