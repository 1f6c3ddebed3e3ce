/**
 * Renders minutes to a PDF/A-2b document (MN6) for filing in each sector's case system: a head with the
 * meeting's facts and journal number (MN3), the participants, then each discussed case (MN2, MN4).
 */
import { archivalPdf, type FontName } from '../../pdf/document.js';
import type { MinutesCase, MinutesFact, MinutesView } from './presenter.js';
import type { HousesRecordView } from './record.js';

export const MINUTES_MARKING = 'Fortroligt – indeholder personoplysninger';

const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#9a9a9a';
const BODY = 10.5;
/** Width of the label column in fact blocks ("Journalnummer" fits). */
const LABEL_WIDTH = 128;

export function renderMinutesPdf(view: MinutesView): Promise<Buffer> {
  // Kept in memory until the end, so every page can say "Side N af M".
  const { doc, done } = archivalPdf({ title: view.title, bufferPages: true });
  const w = new Writer(doc);
  // Which case each page shows, for the running head of continuation pages.
  const caseOfPage: Array<string | null> = [null];
  let current: string | null = null;
  doc.on('pageAdded', () => caseOfPage.push(current));

  doc.font('bold').fontSize(22).fillColor(INK).text('Referat');
  doc.font('regular').fontSize(12).fillColor(MUTED).text(`${view.forumName} – ${view.forumType}`);
  doc.moveDown(0.6);
  w.rule();
  doc.moveDown(0.5);
  w.facts([
    { label: 'Kommune', value: view.municipality },
    { label: 'Forum', value: `${view.forumName} (${view.forumType})` },
    { label: 'Tidspunkt', value: view.dateTime },
    { label: 'Sted', value: view.place ?? '–' },
    ...(view.journalNumber ? [{ label: 'Journalnummer', value: view.journalNumber }] : []),
  ]);

  w.section('Deltagere');
  if (view.participants.length === 0) w.paragraph('Ingen registreret.');
  for (const line of view.participants) w.bullet(line);

  // The cover page lists the discussed cases; each then has pages of its own, so a sector can file the pages
  // about one child in that child's case.
  w.section('Drøftede sager');
  if (view.items.length === 0) w.paragraph('Ingen sager på dagsordenen.');
  view.items.forEach((item, i) => {
    w.bullet(`Sag ${item.reference} – ${item.description}`, `${i + 1}.`);
  });
  for (const item of view.items) {
    current = `Sag ${item.reference}`;
    doc.addPage();
    caseSection(w, item);
  }

  pageFurniture(doc, view, caseOfPage);
  doc.end();
  return done;
}

function caseSection(w: Writer, item: MinutesCase): void {
  const { doc } = w;
  doc.font('bold').fontSize(13.5).fillColor(INK).text(item.heading, w.left, doc.y, { width: w.width });
  doc.moveDown(0.15);
  w.rule();
  doc.moveDown(0.35);
  doc.font('italic').fontSize(BODY).fillColor(INK).text(item.description, w.left, doc.y, { width: w.width });
  doc.moveDown(0.4);
  w.facts(item.facts);

  const r = item.record;
  if (r) {
    w.subheading('Bekymring');
    if (r.concern.length === 0) w.paragraph('Intet skrevet.');
    for (const paragraph of r.concern) w.attributed(paragraph);

    w.subheading('Signs of Safety');
    for (const column of r.sos) {
      w.keepSpace(40);
      doc.font('bold').fontSize(BODY - 0.5).fillColor(INK).text(column.heading, w.left, doc.y, { width: w.width });
      doc.moveDown(0.1);
      if (column.points.length === 0) w.paragraph('Ingen punkter.', { indent: 12, muted: true });
      for (const point of column.points) w.bullet(point);
      doc.moveDown(0.25);
    }
    w.paragraph('Skala 0-10: 0 = barnet kan ikke blive hjemme, 10 = trygt nok til at afslutte sagen.', { muted: true, size: 8.5 });

    // FA5: the old voice text where it holds any (or for versions from before the houses), then the houses.
    if (r.voice || !r.houses) {
      w.subheading('Barnets stemme');
      w.paragraph(r.voice ? `»${r.voice}«` : 'Intet skrevet.', { font: r.voice ? 'italic' : 'regular' });
    }
    if (r.houses) houses(w, r.houses);

    w.subheading('Netværk');
    if (r.network.length === 0) w.paragraph('Intet netværk noteret.');
    for (const line of r.network) w.bullet(line);
  }

  w.subheading('Handleplan');
  if (item.actions.length === 0) w.paragraph('Ingen handlinger.');
  for (const line of item.actions) w.bullet(line);

  w.subheading('Aftalt');
  w.paragraph(item.outcome || '–');
  doc.moveDown(0.4);
  if (item.followUp.value === null) w.paragraph(item.followUp.label, { font: 'bold' });
  else w.facts([{ label: item.followUp.label, value: item.followUp.value }]);
}

/** The child's Three Houses (FA5, MN4): who spoke with the child, then each house with the child's own words. */
function houses(w: Writer, h: HousesRecordView): void {
  const { doc } = w;
  w.subheading('Barnets tre huse');
  if (h.talks.length === 0 && h.houses.every((house) => !house.words && !house.drawing)) {
    w.paragraph('Intet skrevet.');
    return;
  }
  if (h.talks.length > 0) w.paragraph(`Talt med barnet: ${h.talks.join('; ')}`, { muted: true, size: BODY - 1 });
  for (const house of h.houses) {
    w.keepSpace(34);
    doc.moveDown(0.25);
    doc.font('bold').fontSize(BODY - 0.5).fillColor(INK).text(house.name, w.left, doc.y, { width: w.width, continued: house.drawing });
    // The drawing is the child's and stays with the case; the minutes only say it is there.
    if (house.drawing) doc.font('regular').fontSize(BODY - 1).fillColor(MUTED).text(' (tegning vedlagt sagen)');
    doc.moveDown(0.1);
    if (house.words) w.paragraph(`»${house.words}«`, { indent: 12, font: 'italic' });
    else w.paragraph('Intet skrevet.', { indent: 12, muted: true });
  }
}

/** Small layout helpers over pdfkit: one place for the margins, fonts and spacing of the document. */
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

  /** Starts a new page unless `points` of height are left on this one. */
  keepSpace(points: number): void {
    if (this.doc.y + points > this.bottom) this.doc.addPage();
  }

  rule(): void {
    const y = this.doc.y;
    this.doc.save().moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.6).strokeColor(RULE).stroke().restore();
  }

  section(title: string): void {
    this.keepSpace(80);
    this.doc.moveDown(1.1);
    this.doc.font('bold').fontSize(14).fillColor(INK).text(title, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  subheading(title: string): void {
    this.keepSpace(50);
    this.doc.moveDown(0.7);
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

  /** A list point; `marker` "•" or a number such as "1.". */
  bullet(text: string, marker = '•'): void {
    this.doc.font('regular').fontSize(BODY);
    const indent = marker === '•' ? 16 : 22;
    // A point of a few lines stays on one page; a long one at least keeps its marker with its first lines.
    const height = this.doc.heightOfString(text, { width: this.width - indent, lineGap: 1.5 });
    this.keepSpace(Math.min(height, this.doc.currentLineHeight(true) * 4));
    const y = this.doc.y;
    this.doc.fillColor(INK).text(marker, this.left + 4, y, { width: indent - 4, lineBreak: false });
    this.doc.text(text, this.left + indent, y, { width: this.width - indent, lineGap: 1.5 });
    this.doc.moveDown(0.15);
  }

  /** Label: value rows, labels in a column of their own. */
  facts(rows: MinutesFact[]): void {
    const labelWidth = LABEL_WIDTH;
    for (const { label, value } of rows) {
      this.doc.font('regular').fontSize(BODY);
      const height = this.doc.heightOfString(value, { width: this.width - labelWidth, lineGap: 1.5 });
      this.keepSpace(height);
      const y = this.doc.y;
      this.doc.font('bold').fillColor(INK).text(`${label}: `, this.left, y, { width: labelWidth, lineGap: 1.5 });
      this.doc.font('regular').text(value, this.left + labelWidth, y, { width: this.width - labelWidth, lineGap: 1.5 });
      this.doc.y = Math.max(this.doc.y, y + height);
      this.doc.moveDown(0.1);
    }
  }

  /** A concern-note paragraph: each passage followed by its writer in grey ("— Anna Jensen, Skole"). */
  attributed(runs: Array<{ text: string; writer: string | null }>): void {
    this.doc.font('regular').fontSize(BODY);
    this.keepSpace(this.doc.currentLineHeight(true) * 2);
    this.doc.x = this.left;
    const opts = { width: this.width, lineGap: 1.5 };
    runs.forEach((run, i) => {
      const last = i === runs.length - 1;
      this.doc.font('regular').fontSize(BODY).fillColor(INK).text(run.text.trimEnd(), { ...opts, continued: true });
      // No-break spaces: the writer stays whole and with the passage's last word when the line wraps.
      const by = ` — ${run.writer ?? 'skribent ukendt'}`.replace(/ /g, '\u00a0');
      this.doc.font('regular').fontSize(BODY - 1).fillColor(MUTED).text(last ? by : `${by}  `, { ...opts, continued: !last });
    });
    this.doc.fillColor(INK);
    this.doc.moveDown(0.45);
  }
}

/**
 * MN1: the confidentiality marking and "Side N af M" at the foot of every page; from page 2 on, a running head
 * saying which minutes the page belongs to.
 */
function pageFurniture(doc: PDFKit.PDFDocument, view: MinutesView, caseOfPage: Array<string | null>): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { left, right, bottom, top } = doc.page.margins;
    // Writing inside the bottom margin would start a new page; lift the margin while the footer is written.
    doc.page.margins.bottom = 0;
    const width = doc.page.width - left - right;
    const y = doc.page.height - 40;
    doc.save().moveTo(left, y - 6).lineTo(left + width, y - 6).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.font('regular').fontSize(8.5).fillColor(MUTED);
    doc.text(MINUTES_MARKING, left, y, { width, align: 'left', lineBreak: false });
    doc.text(`Side ${i - start + 1} af ${count}`, left, y, { width, align: 'right', lineBreak: false });
    if (i > start) {
      const head = [view.title, view.journalNumber ? `J.nr. ${view.journalNumber}` : null, caseOfPage[i - start]].filter(Boolean).join(' · ');
      doc.text(head, left, top - 26, { width, align: 'right', lineBreak: false });
    }
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}
