/** The access request as a Danish PDF (IN2), with pdfkit's built-in Helvetica (WinAnsi covers æøå). */
import PDFDocument from 'pdfkit';
import { ACTION_STATUS_LABELS_DA, FORUM_TYPE_LABELS_DA, SECTOR_LABELS_DA } from '../../../shared/labels.js';
import type { ActionStatus, ForumType, Sector } from '../../../shared/domain.js';
import type { AccessRequestExport } from './service.js';

const BASIS_DA: Record<string, string> = {
  ANONYMOUS: 'Anonym drøftelse',
  CONSENT: 'Samtykke',
  SSD_EXCHANGE: 'SSD-udveksling (servicelovens § 49 b)',
  SSP_115: 'SSP (retsplejelovens § 115)',
};
const ACTION_DA: Record<string, string> = {
  READ: 'Læst', CREATE: 'Oprettet', UPDATE: 'Ændret', DELETE: 'Slettet', EXPORT: 'Udtrukket',
  SEARCH: 'Søgning', LOGIN: 'Login', LOGIN_FAILED: 'Fejlet login', DENIED: 'Afvist adgang',
};
const ANSWER_DA: Record<string, string> = { REPORTED: 'Underretning sendt', ALREADY_REPORTED: 'Allerede underrettet', NOT_RELEVANT: 'Ikke relevant' };
const FOLLOW_UP_DA: Record<string, string> = { PLANNED: 'Planlagt', HELD: 'Afholdt', CANCELLED: 'Aflyst' };
const SOS_DA = { worries: 'Bekymringer', strengths: 'Det går godt', next: 'Næste skridt' } as const;

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
const date = (iso: string | null) =>
  iso ? new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short' }).format(new Date(iso)) : '–';
const status = (s: string) => ACTION_STATUS_LABELS_DA[s as ActionStatus] ?? s;

export function accessRequestFileName(reference: string): string {
  return `indsigt-sag-${reference.replace(/[^A-Za-z0-9]/g, '')}.pdf`;
}

export function renderAccessRequestPdf(x: AccessRequestExport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    // Metadata carries no case data.
    info: { Title: 'Aktindsigt', Author: 'Samråd', Producer: 'Samråd', Creator: 'Samråd' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const h = (text: string, size = 13) => doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).text(text).moveDown(0.2);
  const p = (text: string) => doc.font('Helvetica').fontSize(10.5).text(text);
  const label = (name: string, value: string | null | undefined) =>
    doc.font('Helvetica-Bold').fontSize(10.5).text(`${name}: `, { continued: true }).font('Helvetica').text(value || '–');
  const list = (lines: string[], empty: string) => {
    if (lines.length === 0) p(empty);
    for (const line of lines) p(`• ${line}`);
  };

  h(`Indsigt i sag ${x.case.reference}`, 20);
  p(`Udtrukket ${dateTime(x.generatedAt)}. ${x.redactedEmployees ? 'Medarbejdernes navne er erstattet af "Medarbejder 1", "Medarbejder 2" osv.' : 'Med medarbejdernes navne.'}`);

  h('Sagen');
  label('Forum', `${x.case.forum.name} – ${FORUM_TYPE_LABELS_DA[x.case.forum.type as ForumType] ?? x.case.forum.type}`);
  label('Status', x.case.status === 'CLOSED' ? 'Afsluttet' : 'Åben');
  label('Beskrivelse', x.case.description);
  label('Anonym', x.case.anonymous ? 'Ja' : 'Nej');
  label('Barnets navn', x.case.childName);
  label('CPR-nummer', x.case.childCpr);
  label('Adresse', x.case.childAddress);
  label('Forældre', x.case.parentNames);
  label('Grundlag', BASIS_DA[x.case.basis] ?? x.case.basis);
  label('Oprettet', `${dateTime(x.case.createdAt)} af ${x.case.createdBy}`);
  label('Afsluttet', x.case.closedAt ? dateTime(x.case.closedAt) : null);

  const documentSection = (title: string, d: AccessRequestExport['document']) => {
    h(title);
    doc.font('Helvetica-Bold').fontSize(10.5).text('Bekymring');
    list(d.concern, 'Intet skrevet.');
    for (const col of ['worries', 'strengths', 'next'] as const) {
      doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10.5).text(SOS_DA[col]);
      list(d.sos[col], 'Intet skrevet.');
    }
    doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10.5).text('Barnets stemme');
    p(d.voice.trim() || 'Intet skrevet.');
    doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10.5).text('Netværk');
    list(d.network.map((n) => [n.name, n.relation, n.contribution].filter(Boolean).join(', ')), 'Intet skrevet.');
    doc.moveDown(0.3).font('Helvetica-Bold').fontSize(10.5).text('Handleplan');
    list(
      d.actions.map((a) => `${a.title} – ${a.responsible ?? 'ingen ansvarlig'}, trin ${a.ladderStep ?? '–'}, frist ${date(a.dueDate)}, ${status(a.status)}`),
      'Ingen handlinger.',
    );
  };
  documentSection('Sagens noter', x.document);
  if (x.healthDocument) documentSection('Sundhedsplejens noter', x.healthDocument);

  h('Vurderinger (Børnelinealen og Signs of Safety)');
  list(x.assessments.map((a) => `${date(a.meetingDate)}: niveau ${a.level} (${a.levelLabel}), skala ${a.sosScale} – ${a.recordedBy}`), 'Ingen vurderinger.');
  h('Handlinger');
  list(
    x.actions.map((a) => `${a.title} – ${a.responsible ?? 'ingen ansvarlig'}, trin ${a.ladderStep ?? '–'}, frist ${date(a.dueDate)}, ${status(a.status)}`),
    'Ingen handlinger.',
  );
  h('Indsatstrappen');
  list(x.ladderChanges.map((l) => `${dateTime(l.at)}: trin ${l.fromStep ?? '–'} → ${l.toStep ?? '–'}`), 'Ingen ændringer.');
  h('Opfølgning');
  list(
    x.followUps.map((f) => `${date(f.dueDate)}: ${FOLLOW_UP_DA[f.status] ?? f.status}${f.heldAt ? ` (${date(f.heldAt)})` : ''} – ${f.responsible}`),
    'Ingen opfølgning.',
  );
  h('Drøftelser på møder');
  list(
    x.agenda.map((a) => `${date(a.meetingDate)}: ${a.outcome ?? '–'}${a.noFollowUpReason ? ` (ingen opfølgning: ${a.noFollowUpReason})` : ''}`),
    'Ikke drøftet på et møde.',
  );
  h('Grundlag og samtykke');
  list(
    x.legalBases.map((b) =>
      [
        `${BASIS_DA[b.kind] ?? b.kind} fra ${dateTime(b.setAt)}${b.endedAt ? ` til ${dateTime(b.endedAt)}` : ''} (${b.setBy})`,
        b.consentGivenBy ? `givet af ${b.consentGivenBy}` : '',
        b.consentScope ? `omfang: ${b.consentScope}` : '',
        b.consentSectors.length ? `sektorer: ${b.consentSectors.map((s) => SECTOR_LABELS_DA[s as Sector] ?? s).join(', ')}` : '',
        b.consentPurpose ? `formål: ${b.consentPurpose}` : '',
        b.consentGivenOn ? `givet ${date(b.consentGivenOn)}` : '',
        b.consentValidUntil ? `gyldigt til ${date(b.consentValidUntil)}` : '',
        b.consentWithdrawnOn ? `trukket tilbage ${date(b.consentWithdrawnOn)}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    ),
    'Intet registreret.',
  );
  h('Underretningspligt');
  list(
    x.reportDutyAnswers.map((r) => `${dateTime(r.answeredAt)}: ${ANSWER_DA[r.answer] ?? r.answer} – ${r.by}${r.reason ? ` (${r.reason})` : ''}`),
    'Ingen svar.',
  );
  h('Adgang til sagen (log)');
  list(x.auditLog.map((e) => `${dateTime(e.at)}: ${ACTION_DA[e.action] ?? e.action}${e.purpose ? `, formål: ${e.purpose}` : ''} – ${e.by ?? 'systemet'}`), 'Ingen registreringer.');
  doc.end();
  return done;
}
