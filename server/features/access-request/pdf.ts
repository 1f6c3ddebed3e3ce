/**
 * The access request as a Danish PDF (IN2), in the same archival form as the minutes (PDF/A-2b, embedded
 * fonts). Domain words come from shared/labels.ts (LBL1), the same the case page shows.
 */
import {
  ACTION_STATUS_LABELS_DA,
  FORUM_TYPE_LABELS_DA,
  LEGAL_BASIS_LABELS_DA,
  SECTOR_LABELS_DA,
  SOS_COLUMN_LABELS_DA,
  ladderStepInWords,
} from '../../../shared/labels.js';
import type { ActionStatus, ForumType, LegalBasisKind, Sector } from '../../../shared/domain.js';
import { archivalPdf } from '../../pdf/document.js';
import type { AccessRequestExport } from './service.js';

/** The words for a basis, exactly as the case page shows them; an unknown code as it is. */
export const basisInWords = (kind: string) => LEGAL_BASIS_LABELS_DA[kind as LegalBasisKind] ?? kind;
const ACTION_DA: Record<string, string> = {
  READ: 'Læst', CREATE: 'Oprettet', UPDATE: 'Ændret', DELETE: 'Slettet', EXPORT: 'Udtrukket',
  SEARCH: 'Søgning', LOGIN: 'Login', LOGIN_FAILED: 'Fejlet login', DENIED: 'Afvist adgang',
};
const ANSWER_DA: Record<string, string> = { REPORTED: 'Underretning sendt', ALREADY_REPORTED: 'Allerede underrettet', NOT_RELEVANT: 'Ikke relevant' };
const FOLLOW_UP_DA: Record<string, string> = { PLANNED: 'Planlagt', HELD: 'Afholdt', CANCELLED: 'Aflyst' };

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
const date = (iso: string | null) =>
  iso ? new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short' }).format(new Date(iso)) : '–';
const status = (s: string) => ACTION_STATUS_LABELS_DA[s as ActionStatus] ?? s;
const actionInWords = (a: { title: string; responsible: string | null; ladderStep: number | null; dueDate: string | null; status: string }) =>
  `${a.title} – ${a.responsible ?? 'ingen ansvarlig'}, ${ladderStepInWords(a.ladderStep) ?? 'intet trin på Indsatstrappen'}, frist ${date(a.dueDate)}, ${status(a.status)}`;

export function accessRequestFileName(reference: string): string {
  return `indsigt-sag-${reference.replace(/[^A-Za-z0-9]/g, '')}.pdf`;
}

export function renderAccessRequestPdf(x: AccessRequestExport): Promise<Buffer> {
  // Metadata carries no case data.
  const { doc, done } = archivalPdf({ title: 'Aktindsigt', margins: { top: 56, bottom: 56, left: 56, right: 56 } });
  const h = (text: string, size = 13) => doc.moveDown(0.6).font('bold').fontSize(size).text(text).moveDown(0.2);
  const p = (text: string) => doc.font('regular').fontSize(10.5).text(text);
  const label = (name: string, value: string | null | undefined) =>
    doc.font('bold').fontSize(10.5).text(`${name}: `, { continued: true }).font('regular').text(value || '–');
  const sub = (text: string) => doc.moveDown(0.3).font('bold').fontSize(10.5).text(text);
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
  if (x.case.identityWithheld) {
    // LB7: the exporter may not see the child's identity; the municipality's administrator exports it.
    label('Barnets identitet', 'Udeladt – hjemlen giver ikke den, der har udtrukket indsigten, adgang til navn, CPR-nummer, adresse og forældre. Kommunens administrator kan udtrække indsigten med identitet.');
  } else {
    label('Barnets navn', x.case.childName);
    label('CPR-nummer', x.case.childCpr);
    label('Adresse', x.case.childAddress);
    label('Forældre', x.case.parentNames);
  }
  label('Grundlag', basisInWords(x.case.basis));
  label('Oprettet', `${dateTime(x.case.createdAt)} af ${x.case.createdBy}`);
  label('Afsluttet', x.case.closedAt ? dateTime(x.case.closedAt) : null);

  const documentSection = (title: string, d: AccessRequestExport['document']) => {
    h(title);
    doc.font('bold').fontSize(10.5).text('Bekymring');
    list(d.concern, 'Intet skrevet.');
    for (const col of ['worries', 'strengths', 'next'] as const) {
      doc.moveDown(0.3).font('bold').fontSize(10.5).text(SOS_COLUMN_LABELS_DA[col]);
      list(d.sos[col], 'Intet skrevet.');
    }
    doc.moveDown(0.3).font('bold').fontSize(10.5).text('Barnets stemme');
    p(d.voice.trim() || 'Intet skrevet.');
    doc.moveDown(0.3).font('bold').fontSize(10.5).text('Netværk');
    list(d.network.map((n) => [n.name, n.relation, n.contribution].filter(Boolean).join(', ')), 'Intet skrevet.');
    doc.moveDown(0.3).font('bold').fontSize(10.5).text('Handleplan');
    list(
      d.actions.map((a) => actionInWords(a)),
      'Ingen handlinger.',
    );
  };
  documentSection('Sagens noter', x.document);
  if (x.healthDocument) documentSection('Sundhedsplejens noter', x.healthDocument);

  h('Vurderinger (Børnelinealen og Signs of Safety)');
  list(x.assessments.map((a) => `${date(a.meetingDate)}: niveau ${a.level} (${a.levelLabel}), skala ${a.sosScale} – ${a.recordedBy}`), 'Ingen vurderinger.');
  h('Handlinger');
  list(
    x.actions.map((a) => actionInWords(a)),
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
  // VR1: the case as kept at each meeting that concluded it, oldest first.
  h('Tidligere møder');
  const versions = x.versions;
  if (versions.length === 0) p('Sagen er ikke afsluttet på et møde.');
  const by = (who: string | null, verb = 'skrevet af') => (who ? ` (${verb} ${who})` : '');
  for (const v of versions) {
    doc.moveDown(0.5).font('bold').fontSize(11.5).text(`Møde ${date(v.meetingDate)} – ${v.forum}`).moveDown(0.1);
    label('Afsluttet', `${dateTime(v.concludedAt)}${v.concludedBy ? ` af ${v.concludedBy}` : ''}`);
    label('Børnelinealen', `niveau ${v.level} (${v.levelLabel})`);
    label('Signs of Safety-skala', `${v.sosScale} af 10`);
    label('Grundlag', basisInWords(v.basis));
    label('Deltagere', v.participants.map((x) => (x.sector ? `${x.name} (${SECTOR_LABELS_DA[x.sector as Sector] ?? x.sector})` : x.name)).join(', '));
    sub('Bekymring');
    list(
      v.concern.map((para) => {
        const writers = [...new Set(para.map((r) => r.writer).filter((w): w is string => w !== null))];
        return `${para.map((r) => r.text).join('')}${writers.length ? ` (skrevet af ${writers.join(', ')})` : ''}`;
      }),
      'Intet skrevet.',
    );
    for (const col of ['worries', 'strengths', 'next'] as const) {
      sub(SOS_COLUMN_LABELS_DA[col]);
      list(v.sos[col].map((e) => `${e.text}${by(e.addedBy, 'tilføjet af')}`), 'Intet skrevet.');
    }
    sub('Barnets stemme');
    p(v.voice.text.trim() ? `${v.voice.text.trim()}${by(v.voice.writtenBy)}` : 'Intet skrevet.');
    sub('Netværk');
    list(v.network.map((e) => `${[e.name, e.relation, e.contribution].filter(Boolean).join(', ')}${by(e.addedBy, 'tilføjet af')}`), 'Intet skrevet.');
    sub('Handleplan');
    list(v.actions.map((a) => actionInWords(a)), 'Ingen handlinger.');
    label('Aftalt på mødet', v.outcome);
    label(
      'Opfølgning',
      v.followUp
        ? `${date(v.followUp.dueDate)}, ansvarlig ${v.followUp.responsible ?? '–'}`
        : v.noFollowUpReason
          ? `Ingen opfølgning: ${v.noFollowUpReason}`
          : 'Ingen opfølgning aftalt',
    );
  }
  h('Grundlag og samtykke');
  list(
    x.legalBases.map((b) =>
      [
        `${basisInWords(b.kind)} fra ${dateTime(b.setAt)}${b.endedAt ? ` til ${dateTime(b.endedAt)}` : ''} (${b.setBy})`,
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
