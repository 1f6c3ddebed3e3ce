/**
 * The case as the version kept at a meeting says it (MN4), written the same way in the minutes and in a sector's
 * hand-over packet (HO6): the concern note by writer, Signs of Safety, the child's voice or Three Houses (FA5) and
 * the network. Every value is already in words (record.ts for the minutes, the packet's JSON for a packet).
 */
import type { PdfWriter } from '../../pdf/writer.js';
import { BODY, MUTED } from '../../pdf/writer.js';
import type { CaseRecordView, HousesRecordView } from './record.js';

/**
 * `scaleLegend`: what 0 and 10 on the Signs of Safety scale mean, where the document shows the scale with it.
 * `drawingNote`: what a house with a photo of the drawing says beside its name (the drawing itself is never printed).
 */
export function writeCaseRecord(w: PdfWriter, r: CaseRecordView, opts: { scaleLegend: boolean; drawingNote?: string }): void {
  const { doc } = w;
  w.subheading('Bekymring');
  if (r.concern.length === 0) w.paragraph('Intet skrevet.');
  for (const paragraph of r.concern) w.attributed(paragraph);

  w.subheading('Signs of Safety');
  for (const column of r.sos) {
    w.keepSpace(40);
    w.minorHeading(column.heading);
    doc.moveDown(0.1);
    if (column.points.length === 0) w.paragraph('Ingen punkter.', { indent: 12, muted: true });
    for (const point of column.points) w.bullet(point);
    doc.moveDown(0.25);
  }
  if (opts.scaleLegend) {
    w.paragraph('Skala 0-10: 0 = barnet kan ikke blive hjemme, 10 = trygt nok til at afslutte sagen.', { muted: true, size: 8.5 });
  }

  // FA5: the old voice text where it holds any (or for versions from before the houses), then the houses.
  if (r.voice || !r.houses) {
    w.subheading('Barnets stemme');
    w.paragraph(r.voice ? `»${r.voice}«` : 'Intet skrevet.', { font: r.voice ? 'italic' : 'regular' });
  }
  if (r.houses) houses(w, r.houses, opts.drawingNote ?? '(tegning vedlagt sagen)');

  w.subheading('Netværk');
  if (r.network.length === 0) w.paragraph('Intet netværk noteret.');
  for (const line of r.network) w.bullet(line);
}

/** The child's Three Houses: who spoke with the child, then each house with the child's own words. */
function houses(w: PdfWriter, h: HousesRecordView, drawingNote: string): void {
  const { doc } = w;
  w.subheading('Barnets tre huse');
  if (h.talks.length === 0 && h.houses.every((house) => !house.words && !house.drawing)) {
    w.paragraph('Intet skrevet.');
    return;
  }
  // A talk with neither who nor when has nothing to print (a packet passes such talks on as they are).
  const talks = h.talks.filter(Boolean);
  if (talks.length > 0) w.paragraph(`Talt med barnet: ${talks.join('; ')}`, { muted: true, size: BODY - 1 });
  for (const house of h.houses) {
    w.keepSpace(34);
    doc.moveDown(0.25);
    w.minorHeading(house.name, house.drawing);
    // The drawing is the child's and stays with the case in Samråd; the document only says it is there.
    if (house.drawing) doc.font('regular').fontSize(BODY - 1).fillColor(MUTED).text(` ${drawingNote}`);
    doc.moveDown(0.1);
    if (house.words) w.paragraph(`»${house.words}«`, { indent: 12, font: 'italic' });
    else w.paragraph('Intet skrevet.', { indent: 12, muted: true });
  }
}
