/**
 * HO6: a hand-over packet as a PDF/A-2b document, set like the minutes (server/pdf: the archival form, the layout,
 * the page marks; the record written by minutes/pdf-record.ts), rendered from the same object as the JSON (HO5):
 * the journal metadata, the identity or why it is left out, the assessment, what was agreed, the sector's actions
 * and follow-ups, the record (not for police, HO4) and a filing box. Every page is marked "Fortroligt – indeholder
 * personoplysninger" and numbered "Side N af M".
 */
import { HOUSES } from '../../../shared/caseDoc.js';
import { SECTOR_LABELS_DA, ladderStepInWords } from '../../../shared/labels.js';
import { archivalPdf } from '../../pdf/document.js';
import { markPages } from '../../pdf/page-marks.js';
import { BODY, INK, LABEL_WIDTH, PdfWriter, RULE, type HeadingStyles } from '../../pdf/writer.js';
import { TIME_ZONE } from '../../../shared/domain.js';
import { actionLine, danishShortDate } from '../minutes/format.js';
import { copenhagenDateOf } from '../tasks/dates.js';
import { writeCaseRecord } from '../minutes/pdf-record.js';
import type { CaseRecordView } from '../minutes/record.js';
import { DRAWING_IN_SAMRAAD_DA, HANDOVER_TITLE_DA, IDENTITY_WITHHELD_DA, POLICE_RECORD_NOTE } from './texts.js';
import type { HandoverPacketJson, HandoverPerson, HandoverRecord } from './types.js';

/** The shade of the §115 notice. */
const BOX = '#f1f1ee';
const HEADINGS: HeadingStyles = {
  section: { size: 13.5, keep: 80, before: 1, after: 0.15, ruled: 0.35 },
  subheading: { size: 11.5, keep: 50, before: 0.6, after: 0.2 },
};

const who = (p: HandoverPerson | null) => (p ? `${p.name}${p.sectorLabel ? ` (${p.sectorLabel})` : ''}` : 'ingen ansvarlig');
const clock = new Intl.DateTimeFormat('da-DK', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/**
 * An instant as "24.11.2026 kl. 09.00" in Copenhagen: every date in the packet is written as the minutes write their
 * dates (dd.mm.yyyy: deadlines, follow-ups, talks with the child, the consent's days), never also "24. november 2026".
 */
const dateOf = (iso: string) => {
  const at = new Date(iso);
  return `${danishShortDate(copenhagenDateOf(at))} kl. ${clock.format(at).replace(':', '.')}`;
};
/** "010120-1234", as a CPR number is written on paper. */
const cprInWords = (cpr: string) => (/^\d{10}$/.test(cpr) ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : cpr);

/** The document title (metadata): a kind of document, forum, date and sector; no case data (as T9, IN2). */
export function packetTitle(p: HandoverPacketJson): string {
  return `Overlevering – ${p.forum.name} – ${danishShortDate(p.meeting.date)} – ${p.recipient.sectorLabel}`;
}

export function renderHandoverPdf(p: HandoverPacketJson): Promise<Buffer> {
  const { doc, done } = archivalPdf({ title: packetTitle(p), bufferPages: true });
  const w = new PdfWriter(doc, HEADINGS);

  w.title(HANDOVER_TITLE_DA, 20, `${p.recipient.sectorLabel} – til ${p.recipient.filedIn}`);
  w.facts([
    { label: 'Sag', value: `${p.case.reference} – ${p.case.description}` },
    { label: 'Kommune', value: p.municipality.name },
    { label: 'Forum', value: `${p.forum.name} (${p.forum.typeLabel})` },
    { label: 'Møde', value: [dateOf(p.meeting.startsAt), p.meeting.place].filter(Boolean).join(', ') },
    {
      label: 'Journalnummer',
      value: p.meeting.journalNumber ? `${p.meeting.journalNumber} (${p.meeting.journalNumberSource === 'meeting' ? 'mødets' : 'forummets'})` : 'Intet angivet',
    },
    { label: 'Hjemmel', value: p.legalBasis.label },
    ...(p.legalBasis.inForce !== p.legalBasis.kind ? [{ label: 'Hjemmel nu', value: p.legalBasis.inForceLabel }] : []),
    { label: 'Modtager', value: `${p.recipient.sectorLabel} – journaliseres i ${p.recipient.filedIn}` },
    { label: 'Dannet', value: dateOf(p.generatedAt) },
  ]);
  if (p.legalBasis.notice) noticeBox(w, 'Retsplejelovens § 115', p.legalBasis.notice);
  const consent = p.legalBasis.consent;
  if (consent) {
    const sectors = consent.sectors.map((s) => SECTOR_LABELS_DA[s]).join(', ') || 'ingen';
    w.subheading('Samtykke');
    w.facts([
      { label: 'Givet af', value: consent.givenBy || '–' },
      { label: 'Givet', value: consent.givenOn ? danishShortDate(consent.givenOn) : '–' },
      { label: 'Gyldigt til', value: consent.validUntil ? danishShortDate(consent.validUntil) : '–' },
      ...(consent.withdrawnOn ? [{ label: 'Trukket tilbage', value: danishShortDate(consent.withdrawnOn) }] : []),
      { label: 'Omfatter', value: consent.scope || '–' },
      { label: 'Sektorer', value: sectors },
      { label: 'Formål', value: consent.purpose || '–' },
    ]);
    w.paragraph(`Samtykket omfatter ${consent.coversRecipient ? '' : 'ikke '}jeres sektor (${p.recipient.sectorLabel}).`, { font: 'bold' });
  }

  w.section('Barnet');
  if (p.identity) {
    w.facts([
      { label: 'Navn', value: p.identity.childName ?? '–' },
      { label: 'CPR-nummer', value: p.identity.childCpr ? cprInWords(p.identity.childCpr) : '–' },
      { label: 'Adresse', value: p.identity.childAddress ?? '–' },
      { label: 'Forældre', value: p.identity.parentNames ?? '–' },
    ]);
  } else if (p.identityWithheld) {
    w.paragraph(`Barnets navn, CPR-nummer og adresse er ikke med. ${IDENTITY_WITHHELD_DA[p.identityWithheld]}`);
    w.paragraph('Navne og adresse er erstattet af [navn] og [adresse] i teksten.', { muted: true, size: 9 });
  } else {
    w.paragraph('Der er ikke registreret oplysninger om barnets identitet.');
  }

  w.section('Deltagere');
  if (p.participants.length === 0) w.paragraph('Ingen registreret.');
  for (const person of p.participants) w.bullet(person.sector ? who(person) : `${person.name} (gæst)`);

  w.section('Vurdering på mødet');
  w.facts([
    { label: 'Børnelinealen', value: `${p.assessment.level} – ${p.assessment.levelLabel}` },
    { label: 'Signs of Safety-skala', value: `${p.assessment.sosScale}/10` },
    { label: 'Afsluttet', value: `${dateOf(p.assessment.concludedAt)}${p.assessment.concludedBy ? ` af ${who(p.assessment.concludedBy)}` : ''}` },
  ]);
  w.subheading('Aftalt');
  w.paragraph(p.outcome || '–');

  w.section(`Handlinger – ${p.recipient.sectorLabel}`);
  if (p.actions.length === 0) w.paragraph(`Ingen handlinger med en ansvarlig fra ${p.recipient.sectorLabel}.`);
  for (const a of p.actions) {
    w.bullet(
      actionLine({
        title: a.title || 'Uden titel',
        responsible: who(a.responsible),
        dueDate: a.dueDate,
        step: ladderStepInWords(a.ladderStep),
        status: a.statusLabel,
      }),
    );
  }

  w.section(`Opfølgning – ${p.recipient.sectorLabel}`);
  if (p.followUps.length === 0) w.paragraph(`Ingen opfølgning med en ansvarlig fra ${p.recipient.sectorLabel}.`);
  for (const f of p.followUps) w.facts([{ label: 'Opfølgning', value: `${danishShortDate(f.dueDate)}, ansvarlig ${who(f.responsible)}` }]);
  if (p.noFollowUpReason) w.facts([{ label: 'Ingen opfølgning', value: p.noFollowUpReason }]);

  if (p.record) {
    w.section('Sagen som den stod på mødet');
    writeCaseRecord(w, printedRecord(p.record), { scaleLegend: false, drawingNote: DRAWING_IN_SAMRAAD_DA });
  } else if (p.recordWithheld === 'section-115') {
    w.section('Sagens indhold');
    w.paragraph(POLICE_RECORD_NOTE);
  }

  w.section('Journalisering');
  w.paragraph(
    `Lægges i ${p.recipient.filedIn}. Markér pakken som journaliseret i Samråd, når den er lagt i jeres eget system; ` +
      'skriv gerne jeres eget journal- eller sagsnummer.',
  );
  doc.moveDown(0.6);
  blanks(w, ['Journaliseret af', 'Dato', 'Eget journalnummer']);

  const head = ['Overlevering', `Sag ${p.case.reference}`, p.recipient.sectorLabel, p.meeting.journalNumber ? `J.nr. ${p.meeting.journalNumber}` : null]
    .filter(Boolean)
    .join(' · ');
  markPages(doc, p.marking, () => head);
  doc.end();
  return done;
}

/** The packet's record in the words the minutes print it with; the packet's JSON keeps it in parts. */
function printedRecord(r: HandoverRecord): CaseRecordView {
  const h = r.houses;
  return {
    concern: r.concern.map((paragraph) =>
      paragraph.map((run) => ({ text: run.text, writer: run.writer ? `${run.writer.name}${run.writer.sectorLabel ? `, ${run.writer.sectorLabel}` : ''}` : null })),
    ),
    sos: [r.sos.worries, r.sos.strengths, r.sos.next],
    voice: r.voice,
    houses: h && {
      talks: h.talks.map((t) => [t.by, t.on ? danishShortDate(t.on) : null].filter(Boolean).join(', ')),
      houses: HOUSES.map((house) => ({ house, name: h[house].heading, words: h[house].words, drawing: h[house].drawingInCase })),
    },
    network: r.network.map((n) => [[n.name, n.relation && `(${n.relation})`].filter(Boolean).join(' '), n.contribution].filter(Boolean).join(' – ')),
  };
}

/** A shaded notice with a bold heading (the §115 notice). */
function noticeBox(w: PdfWriter, title: string, text: string): void {
  const { doc, left, width } = w;
  const pad = 8;
  doc.font('regular').fontSize(BODY);
  const height = doc.heightOfString(text, { width: width - 2 * pad, lineGap: 1.5 }) + doc.currentLineHeight(true) + 2 * pad + 4;
  doc.moveDown(0.6);
  w.keepSpace(height);
  const top = doc.y;
  doc.save().rect(left, top, width, height).fill(BOX).restore();
  doc.save().rect(left, top, 3, height).fill(INK).restore();
  doc.font('bold').fontSize(BODY).fillColor(INK).text(title, left + pad + 2, top + pad, { width: width - 2 * pad });
  doc.moveDown(0.15);
  doc.font('regular').fontSize(BODY).text(text, left + pad + 2, doc.y, { width: width - 2 * pad - 2, lineGap: 1.5 });
  doc.y = top + height;
  doc.x = left;
  doc.moveDown(0.3);
}

/** Lines to write on by hand, for a printed copy. */
function blanks(w: PdfWriter, labels: string[]): void {
  const { doc, left, width } = w;
  for (const label of labels) {
    w.keepSpace(26);
    const y = doc.y + 12;
    doc.font('regular').fontSize(BODY).fillColor(INK).text(`${label}:`, left, y - 10, { width: LABEL_WIDTH, lineBreak: false });
    doc.save().moveTo(left + LABEL_WIDTH, y + 2).lineTo(left + width, y + 2).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.y = y + 10;
    doc.x = left;
  }
}
