/**
 * What every page of a filed document carries (MN1, HO6): the confidentiality marking at its foot on the left,
 * "Side N af M" on the right, above them a thin rule; from page 2 on, a running head saying what the page belongs
 * to, as a page may be filed or printed on its own. The numbers need the page count, so the document is written
 * with `bufferPages` and marked after its last page, before `doc.end()`.
 */
import { MUTED, RULE } from './writer.js';

/** `runningHead(page)`: the head of page `page` (0 is the first, which has none). */
export function markPages(doc: PDFKit.PDFDocument, marking: string, runningHead: (page: number) => string): void {
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
    doc.text(marking, left, y, { width, align: 'left', lineBreak: false });
    doc.text(`Side ${i - start + 1} af ${count}`, left, y, { width, align: 'right', lineBreak: false });
    if (i > start) doc.text(runningHead(i - start), left, top - 26, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}
