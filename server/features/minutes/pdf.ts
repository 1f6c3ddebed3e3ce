/** Renders minutes to a PDF with pdfkit's built-in Helvetica (WinAnsi covers æøå). */
import PDFDocument from 'pdfkit';
import type { MinutesView } from './presenter.js';

export function renderMinutesPdf(view: MinutesView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
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
  doc.end();
  return done;
}
