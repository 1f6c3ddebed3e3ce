/** Renders minutes to a PDF with pdfkit's built-in Helvetica (WinAnsi covers æøå). */
import PDFDocument from 'pdfkit';
import type { MinutesView } from './presenter.js';

export function renderMinutesPdf(view: MinutesView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    // Kept in memory until the end, so every page can say "Side N af M".
    bufferPages: true,
    // Metadata carries no case data.
    info: { Title: 'Referat', Author: 'Samråd', Producer: 'Samråd', Creator: 'Samråd' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const h = (text: string, size: number) => doc.font('Helvetica-Bold').fontSize(size).text(text).moveDown(0.3);
  const p = (text: string) => doc.font('Helvetica').fontSize(10.5).text(text);
  const label = (name: string, value: string) =>
    doc.font('Helvetica-Bold').fontSize(10.5).text(`${name}: `, { continued: true }).font('Helvetica').text(value);

  h('Referat', 20);
  p(view.municipality);
  p(`${view.forumName} – ${view.forumType}`);
  doc.moveDown(0.5);
  label('Tidspunkt', view.dateTime);
  label('Sted', view.place ?? '–');
  doc.moveDown(0.5);
  h('Deltagere', 13);
  if (view.participants.length === 0) p('Ingen registreret');
  for (const line of view.participants) p(`• ${line}`);
  doc.moveDown(0.8);
  h('Dagsorden', 13);
  if (view.items.length === 0) p('Ingen sager på dagsordenen.');
  for (const item of view.items) {
    doc.moveDown(0.5);
    h(item.heading, 12);
    p(item.description);
    doc.moveDown(0.3);
    if (item.assessment) p(item.assessment);
    label('Aftalt', item.outcome ?? '–');
    doc.moveDown(0.3);
    doc.font('Helvetica-Bold').fontSize(10.5).text('Handleplan');
    if (item.actions.length === 0) p('Ingen handlinger.');
    for (const line of item.actions) p(`• ${line}`);
    doc.moveDown(0.3);
    p(item.followUp);
  }
  footers(doc);
  doc.end();
  return done;
}

/** MN1: the confidentiality marking and "Side N af M" at the foot of every page. */
function footers(doc: PDFKit.PDFDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing inside the bottom margin would start a new page; lift the margin while the footer is written.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 36;
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc.font('Helvetica').fontSize(8.5).fillColor('#444444');
    doc.text(MINUTES_MARKING, doc.page.margins.left, y, { width, align: 'left', lineBreak: false });
    doc.text(`Side ${i - start + 1} af ${count}`, doc.page.margins.left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}

export const MINUTES_MARKING = 'Fortroligt – indeholder personoplysninger';
