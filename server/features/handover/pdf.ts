/**
 * HO6: a hand-over packet as a PDF/A-2b document (server/pdf/document.ts, the minutes' fonts and archival form),
 * rendered from the same object as the JSON (HO5): the journal metadata, the identity or why it is left out, the
 * assessment, what was agreed, the sector's actions and follow-ups, the record (not for police, HO4) and a filing
 * box. Every page is marked "Fortroligt – indeholder personoplysninger" and numbered "Side N af M".
 */
import { SECTOR_LABELS_DA, ladderStepInWords } from '../../../shared/labels.js';
import { archivalPdf, type FontName } from '../../pdf/document.js';
import { actionLine, danishDateTime, danishShortDate } from '../minutes/format.js';
import { HANDOVER_TITLE_DA, IDENTITY_WITHHELD_DA, POLICE_RECORD_NOTE } from './texts.js';
import type { HandoverPacketJson, HandoverPerson } from './types.js';

const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#9a9a9a';
const BOX = '#f1f1ee';
const BODY = 10.5;
const LABEL_WIDTH = 128;

const who = (p: HandoverPerson | null) => (p ? `${p.name}${p.sectorLabel ? ` (${p.sectorLabel})` : ''}` : 'ingen ansvarlig');
const dateOf = (iso: string) => danishDateTime(new Date(iso));
/** "010120-1234", as a CPR number is written on paper. */
const cprInWords = (cpr: string) => (/^\d{10}$/.test(cpr) ? `${cpr.slice(0, 6)}-${cpr.slice(6)}` : cpr);

/** The document title (metadata): a kind of document, forum, date and sector; no case data (as T9, IN2). */
export function packetTitle(p: HandoverPacketJson): string {
  return `Overlevering – ${p.forum.name} – ${danishShortDate(p.meeting.date)} – ${p.recipient.sectorLabel}`;
}

export function renderHandoverPdf(p: HandoverPacketJson): Promise<Buffer> {
  const { doc, done } = archivalPdf({ title: packetTitle(p), bufferPages: true });
  const w = new Writer(doc);

  doc.font('bold').fontSize(20).fillColor(INK).text(HANDOVER_TITLE_DA);
  doc.font('regular').fontSize(12).fillColor(MUTED).text(`${p.recipient.sectorLabel} – til ${p.recipient.filedIn}`);
  doc.moveDown(0.6);
  w.rule();
  doc.moveDown(0.5);
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
  if (p.legalBasis.notice) w.box('Retsplejelovens § 115', p.legalBasis.notice);
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
    const r = p.record;
    w.section('Sagen som den stod på mødet');
    w.subheading('Bekymring');
    if (r.concern.length === 0) w.paragraph('Intet skrevet.');
    for (const paragraph of r.concern) w.attributed(paragraph.map((run) => ({ text: run.text, writer: run.writer ? `${run.writer.name}${run.writer.sectorLabel ? `, ${run.writer.sectorLabel}` : ''}` : null })));
    w.subheading('Signs of Safety');
    for (const column of [r.sos.worries, r.sos.strengths, r.sos.next]) {
      w.keepSpace(40);
      doc.font('bold').fontSize(BODY - 0.5).fillColor(INK).text(column.heading, w.left, doc.y, { width: w.width });
      doc.moveDown(0.1);
      if (column.points.length === 0) w.paragraph('Ingen punkter.', { indent: 12, muted: true });
      for (const point of column.points) w.bullet(point);
      doc.moveDown(0.25);
    }
    // FA5: the old voice text where it holds any (or for versions from before the houses), then the houses.
    if (r.voice || !r.houses) {
      w.subheading('Barnets stemme');
      w.paragraph(r.voice ? `»${r.voice}«` : 'Intet skrevet.', { font: r.voice ? 'italic' : 'regular' });
    }
    if (r.houses) {
      const h = r.houses;
      w.subheading('Barnets tre huse');
      const all = [h.worries, h.good, h.dreams];
      if (h.talks.length === 0 && all.every((house) => !house.words && !house.drawingInCase)) w.paragraph('Intet skrevet.');
      else {
        const talks = h.talks.map((t) => [t.by, t.on ? danishShortDate(t.on) : null].filter(Boolean).join(', ')).filter(Boolean);
        if (talks.length > 0) w.paragraph(`Talt med barnet: ${talks.join('; ')}`, { muted: true, size: BODY - 1 });
        for (const house of all) {
          w.keepSpace(34);
          doc.moveDown(0.25);
          doc.font('bold').fontSize(BODY - 0.5).fillColor(INK).text(house.heading, w.left, doc.y, { width: w.width, continued: house.drawingInCase });
          // The drawing stays with the case in Samråd; the packet only says it is there.
          if (house.drawingInCase) doc.font('regular').fontSize(BODY - 1).fillColor(MUTED).text(' (tegning vedlagt sagen)');
          doc.moveDown(0.1);
          if (house.words) w.paragraph(`»${house.words}«`, { indent: 12, font: 'italic' });
          else w.paragraph('Intet skrevet.', { indent: 12, muted: true });
        }
      }
    }
    w.subheading('Netværk');
    if (r.network.length === 0) w.paragraph('Intet netværk noteret.');
    for (const n of r.network) w.bullet([[n.name, n.relation && `(${n.relation})`].filter(Boolean).join(' '), n.contribution].filter(Boolean).join(' – '));
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
  w.blanks(['Journaliseret af', 'Dato', 'Eget journalnummer']);

  pageFurniture(doc, p);
  doc.end();
  return done;
}

class Writer {
  readonly left: number;
  readonly width: number;
  constructor(readonly doc: PDFKit.PDFDocument) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  keepSpace(points: number): void {
    if (this.doc.y + points > this.bottom) this.doc.addPage();
  }

  rule(): void {
    const y = this.doc.y;
    this.doc.save().moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.6).strokeColor(RULE).stroke().restore();
  }

  section(title: string): void {
    this.keepSpace(80);
    this.doc.moveDown(1);
    this.doc.font('bold').fontSize(13.5).fillColor(INK).text(title, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.15);
    this.rule();
    this.doc.moveDown(0.35);
  }

  subheading(title: string): void {
    this.keepSpace(50);
    this.doc.moveDown(0.6);
    this.doc.font('bold').fontSize(11.5).fillColor(INK).text(title, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
  }

  paragraph(text: string, opts: { indent?: number; muted?: boolean; font?: FontName; size?: number } = {}): void {
    const indent = opts.indent ?? 0;
    this.doc
      .font(opts.font ?? 'regular')
      .fontSize(opts.size ?? BODY)
      .fillColor(opts.muted ? MUTED : INK)
      .text(text, this.left + indent, this.doc.y, { width: this.width - indent, lineGap: 1.5 });
  }

  bullet(text: string): void {
    this.doc.font('regular').fontSize(BODY);
    const indent = 16;
    const height = this.doc.heightOfString(text, { width: this.width - indent, lineGap: 1.5 });
    this.keepSpace(Math.min(height, this.doc.currentLineHeight(true) * 4));
    const y = this.doc.y;
    this.doc.fillColor(INK).text('•', this.left + 4, y, { width: indent - 4, lineBreak: false });
    this.doc.text(text, this.left + indent, y, { width: this.width - indent, lineGap: 1.5 });
    this.doc.moveDown(0.15);
  }

  facts(rows: Array<{ label: string; value: string }>): void {
    for (const { label, value } of rows) {
      this.doc.font('regular').fontSize(BODY);
      const height = this.doc.heightOfString(value, { width: this.width - LABEL_WIDTH, lineGap: 1.5 });
      this.keepSpace(height);
      const y = this.doc.y;
      this.doc.font('bold').fillColor(INK).text(`${label}: `, this.left, y, { width: LABEL_WIDTH, lineGap: 1.5 });
      this.doc.font('regular').text(value, this.left + LABEL_WIDTH, y, { width: this.width - LABEL_WIDTH, lineGap: 1.5 });
      this.doc.y = Math.max(this.doc.y, y + height);
      this.doc.moveDown(0.1);
    }
  }

  /** A shaded notice with a bold heading. */
  box(title: string, text: string): void {
    const pad = 8;
    this.doc.font('regular').fontSize(BODY);
    const height = this.doc.heightOfString(text, { width: this.width - 2 * pad, lineGap: 1.5 }) + this.doc.currentLineHeight(true) + 2 * pad + 4;
    this.doc.moveDown(0.6);
    this.keepSpace(height);
    const top = this.doc.y;
    this.doc.save().rect(this.left, top, this.width, height).fill(BOX).restore();
    this.doc.save().rect(this.left, top, 3, height).fill(INK).restore();
    this.doc.font('bold').fontSize(BODY).fillColor(INK).text(title, this.left + pad + 2, top + pad, { width: this.width - 2 * pad });
    this.doc.moveDown(0.15);
    this.doc.font('regular').fontSize(BODY).text(text, this.left + pad + 2, this.doc.y, { width: this.width - 2 * pad - 2, lineGap: 1.5 });
    this.doc.y = top + height;
    this.doc.x = this.left;
    this.doc.moveDown(0.3);
  }

  /** Lines to write on by hand, for a printed copy. */
  blanks(labels: string[]): void {
    for (const label of labels) {
      this.keepSpace(26);
      const y = this.doc.y + 12;
      this.doc.font('regular').fontSize(BODY).fillColor(INK).text(`${label}:`, this.left, y - 10, { width: LABEL_WIDTH, lineBreak: false });
      this.doc.save().moveTo(this.left + LABEL_WIDTH, y + 2).lineTo(this.left + this.width, y + 2).lineWidth(0.5).strokeColor(RULE).stroke().restore();
      this.doc.y = y + 10;
      this.doc.x = this.left;
    }
  }

  attributed(runs: Array<{ text: string; writer: string | null }>): void {
    this.doc.font('regular').fontSize(BODY);
    this.keepSpace(this.doc.currentLineHeight(true) * 2);
    this.doc.x = this.left;
    const opts = { width: this.width, lineGap: 1.5 };
    runs.forEach((run, i) => {
      const last = i === runs.length - 1;
      this.doc.font('regular').fontSize(BODY).fillColor(INK).text(run.text.trimEnd(), { ...opts, continued: true });
      const by = ` — ${run.writer ?? 'skribent ukendt'}`.replace(/ /g, '\u00a0');
      this.doc.font('regular').fontSize(BODY - 1).fillColor(MUTED).text(last ? by : `${by}  `, { ...opts, continued: !last });
    });
    this.doc.fillColor(INK);
    this.doc.moveDown(0.45);
  }
}

/** The marking and "Side N af M" at every page's foot; from page 2 a running head naming packet, case and sector. */
function pageFurniture(doc: PDFKit.PDFDocument, p: HandoverPacketJson): void {
  const { start, count } = doc.bufferedPageRange();
  const head = ['Overlevering', `Sag ${p.case.reference}`, p.recipient.sectorLabel, p.meeting.journalNumber ? `J.nr. ${p.meeting.journalNumber}` : null]
    .filter(Boolean)
    .join(' · ');
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { left, right, bottom, top } = doc.page.margins;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - left - right;
    const y = doc.page.height - 40;
    doc.save().moveTo(left, y - 6).lineTo(left + width, y - 6).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.font('regular').fontSize(8.5).fillColor(MUTED);
    doc.text(p.marking, left, y, { width, align: 'left', lineBreak: false });
    doc.text(`Side ${i - start + 1} af ${count}`, left, y, { width, align: 'right', lineBreak: false });
    if (i > start) doc.text(head, left, top - 26, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}
