/**
 * Renders minutes to a PDF/A-2b document (MN6) for filing in each sector's case system: a head with the
 * meeting's facts and journal number (MN3), the participants, then each discussed case (MN2, MN4).
 */
import { archivalPdf } from '../../pdf/document.js';
import { markPages } from '../../pdf/page-marks.js';
import { BODY, INK, PdfWriter, type HeadingStyles } from '../../pdf/writer.js';
import { writeCaseRecord } from './pdf-record.js';
import type { MinutesCase, MinutesView } from './presenter.js';

export const MINUTES_MARKING = 'Fortroligt – indeholder personoplysninger';

const HEADINGS: HeadingStyles = {
  section: { size: 14, keep: 80, before: 1.1, after: 0.3 },
  subheading: { size: 11.5, keep: 50, before: 0.7, after: 0.2 },
};

export function renderMinutesPdf(view: MinutesView): Promise<Buffer> {
  // Kept in memory until the end, so every page can say "Side N af M".
  const { doc, done } = archivalPdf({ title: view.title, bufferPages: true });
  const w = new PdfWriter(doc, HEADINGS);
  // Which case each page shows, for the running head of continuation pages.
  const caseOfPage: Array<string | null> = [null];
  let current: string | null = null;
  doc.on('pageAdded', () => caseOfPage.push(current));

  w.title('Referat', 22, `${view.forumName} – ${view.forumType}`);
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

  // MN1: from page 2 on, the head says which minutes, and which case, the page belongs to.
  markPages(doc, MINUTES_MARKING, (page) =>
    [view.title, view.journalNumber ? `J.nr. ${view.journalNumber}` : null, caseOfPage[page]].filter(Boolean).join(' · '),
  );
  doc.end();
  return done;
}

function caseSection(w: PdfWriter, item: MinutesCase): void {
  const { doc } = w;
  doc.font('bold').fontSize(13.5).fillColor(INK).text(item.heading, w.left, doc.y, { width: w.width });
  doc.moveDown(0.15);
  w.rule();
  doc.moveDown(0.35);
  doc.font('italic').fontSize(BODY).fillColor(INK).text(item.description, w.left, doc.y, { width: w.width });
  doc.moveDown(0.4);
  w.facts(item.facts);

  if (item.record) writeCaseRecord(w, item.record, { scaleLegend: true });

  w.subheading('Handleplan');
  if (item.actions.length === 0) w.paragraph('Ingen handlinger.');
  for (const line of item.actions) w.bullet(line);

  w.subheading('Aftalt');
  w.paragraph(item.outcome || '–');
  doc.moveDown(0.4);
  if (item.followUp.value === null) w.paragraph(item.followUp.label, { font: 'bold' });
  else w.facts([{ label: item.followUp.label, value: item.followUp.value }]);
}
