/**
 * The family's version of the plan as a PDF/A-2b document (docs/SPEC.md, FA4; made like the minutes, MN6): for
 * parents, so large type, short sections with the plan's own headings, the child's Three Houses with the photos of
 * the drawings, and on every page "Til familien – indeholder personoplysninger" and "Side N af M". Its metadata
 * title is "Familiens plan" only: no case data.
 */
import type { ThreeHouses } from '../../../shared/caseDoc.js';
import { FAMILY_TEXT, HOUSE_LABELS, HOUSES, type FamilyPlanContent, type House } from '../../../shared/family.js';
import { archivalPdf } from '../../pdf/document.js';
import { danishDateTime } from '../minutes/format.js';
import { familyDate } from './words.js';

const T = FAMILY_TEXT.da;
const INK = '#1a1a1a';
const MUTED = '#555555';
const ACCENT = '#1f5f6b';
const RULE = '#b5c4c7';
const BODY = 12;

export interface FamilyPdfInput {
  childName: string | null;
  reference: string;
  forumName: string;
  content: FamilyPlanContent;
  /** The line under the title: shared when and by whom, a draft, or the meeting a version was kept at. */
  status: string;
  houses: (ThreeHouses & { legacyVoice?: string }) | null;
  drawings: Partial<Record<House, Buffer>>;
}

const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (w, k: string) => vars[k] ?? w);

/** The status line for the current family version. */
export function statusLine(view: { shared: { at: string; by: { name: string } | null } | null; changedSinceShared: boolean; saved: unknown }): string {
  if (!view.shared) return T.notShared;
  const date = danishDateTime(new Date(view.shared.at));
  if (view.changedSinceShared) return fill(T.changedSinceShared, { date });
  return fill(T.sharedOn, { date, name: view.shared.by?.name ?? 'ukendt' });
}

export function renderFamilyPdf(input: FamilyPdfInput): Promise<Buffer> {
  const { doc, done } = archivalPdf({ title: T.title, bufferPages: true, margins: { top: 60, bottom: 70, left: 68, right: 68 } });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const keepSpace = (points: number) => {
    if (doc.y + points > bottom()) doc.addPage();
  };
  const heading = (text: string) => {
    keepSpace(70);
    doc.moveDown(1);
    doc.font('bold').fontSize(15).fillColor(ACCENT).text(text, left, doc.y, { width });
    const y = doc.y + 2;
    doc.save().moveTo(left, y).lineTo(left + width, y).lineWidth(0.8).strokeColor(RULE).stroke().restore();
    doc.moveDown(0.45);
  };
  const paragraphs = (text: string) => {
    const parts = text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
    if (parts.length === 0) {
      doc.font('italic').fontSize(BODY).fillColor(MUTED).text(T.nothing, left, doc.y, { width });
      return;
    }
    for (const p of parts) {
      doc.font('regular').fontSize(BODY).fillColor(INK).text(p, left, doc.y, { width, lineGap: 2.5 });
      doc.moveDown(0.35);
    }
  };
  const point = (main: string, sub: string | null) => {
    doc.font('regular').fontSize(BODY);
    const indent = 18;
    const h = doc.heightOfString(main, { width: width - indent, lineGap: 2.5 }) + (sub ? 16 : 0);
    keepSpace(Math.min(h, 80));
    const y = doc.y;
    doc.fillColor(ACCENT).text('•', left + 2, y, { width: indent, lineBreak: false });
    doc.fillColor(INK).text(main, left + indent, y, { width: width - indent, lineGap: 2.5 });
    if (sub) doc.font('regular').fontSize(BODY - 1.5).fillColor(MUTED).text(sub, left + indent, doc.y + 1, { width: width - indent });
    doc.moveDown(0.45);
  };

  // Head: whose plan, and whether the family has it.
  doc.font('bold').fontSize(26).fillColor(INK).text(T.title, left, doc.y, { width });
  doc.font('regular').fontSize(15).fillColor(INK).text(input.childName ? fill(T.forChild, { name: input.childName }) : T.forYourChild, { width });
  doc.moveDown(0.3);
  doc.font('regular').fontSize(10).fillColor(MUTED).text(`${input.status} · ${input.forumName} · sag ${input.reference}`, { width });

  const c = input.content;
  heading(T.worries);
  paragraphs(c.worries);
  heading(T.goingWell);
  paragraphs(c.goingWell);
  heading(T.steps);
  if (c.steps.length === 0) paragraphs('');
  for (const s of c.steps) {
    const when = s.dueDate ? fill(T.by, { date: familyDate(s.dueDate) }) : null;
    point(s.what.trim() || '–', [s.who.trim(), when].filter(Boolean).join(' · ') || null);
  }
  heading(T.nextMeeting);
  paragraphs(c.nextMeeting);
  heading(T.contacts);
  if (c.contacts.length === 0) paragraphs('');
  for (const p of c.contacts) {
    point([p.name.trim(), p.role.trim()].filter(Boolean).join(', ') || '–', p.phone.trim() ? `Telefon ${p.phone.trim()}` : null);
  }

  if (input.houses) housesSection(doc, input.houses, input.drawings, { left, width, heading, keepSpace });

  furniture(doc);
  doc.end();
  return done;
}

function housesSection(
  doc: PDFKit.PDFDocument,
  houses: ThreeHouses & { legacyVoice?: string },
  drawings: Partial<Record<House, Buffer>>,
  w: { left: number; width: number; heading: (t: string) => void; keepSpace: (p: number) => void },
): void {
  // The child's own page: the houses begin on a page of their own.
  if (doc.y > doc.page.margins.top + 1) doc.addPage();
  w.heading(T.houses);
  if (houses.talks.length > 0) {
    const talks = houses.talks.map((t) => [t.by, t.on ? familyDate(t.on) : null].filter(Boolean).join(', ')).join('; ');
    doc.font('regular').fontSize(BODY - 1.5).fillColor(MUTED).text(`${T.talk}: ${talks}`, w.left, doc.y, { width: w.width });
    doc.moveDown(0.4);
  }
  if (houses.legacyVoice?.trim()) {
    doc.font('bold').fontSize(BODY).fillColor(INK).text(T.legacyVoice, w.left, doc.y, { width: w.width });
    doc.font('italic').fontSize(BODY).text(`»${houses.legacyVoice.trim()}«`, { width: w.width, lineGap: 2.5 });
    doc.moveDown(0.5);
  }
  for (const house of HOUSES) {
    const words = houses[house].trim();
    const image = drawings[house];
    w.keepSpace(image ? 260 : 75);
    doc.font('bold').fontSize(13).fillColor(INK).text(HOUSE_LABELS.da[house].name, w.left, doc.y, { width: w.width });
    // What the house holds, for a parent who does not know the Three Houses.
    doc.font('regular').fontSize(BODY - 2).fillColor(MUTED).text(HOUSE_LABELS.da[house].hint, w.left, doc.y + 1, { width: w.width });
    doc.moveDown(0.2);
    if (words) doc.font('italic').fontSize(BODY).fillColor(INK).text(`»${words}«`, w.left, doc.y, { width: w.width, lineGap: 2.5 });
    else doc.font('italic').fontSize(BODY).fillColor(MUTED).text(T.nothing, w.left, doc.y, { width: w.width });
    if (image) {
      doc.moveDown(0.3);
      const y = doc.y;
      try {
        // The re-encoded JPEG (FA6) fitted into a box that keepSpace left room for, at most its own size.
        const box = { width: w.width * 0.6, height: 200 };
        // pdfkit's openImage (not in its type declarations): the image's size, decoded once for the placement and the draw.
        const img = (doc as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(image);
        const scale = Math.min(box.width / img.width, box.height / img.height, 1);
        doc.image(img as unknown as Buffer, w.left, y, { width: img.width * scale, height: img.height * scale });
        // Below the image (pdfkit leaves y where it was when given a position), what it is.
        doc.font('italic').fontSize(BODY - 2).fillColor(MUTED).text(`${T.drawing} – ${HOUSE_LABELS.da[house].name}`, w.left, y + img.height * scale + 4, { width: w.width });
      } catch {
        doc.font('italic').fontSize(BODY - 1.5).fillColor(MUTED).text(T.drawing, w.left, y, { width: w.width });
      }
    }
    doc.moveDown(0.8);
  }
}

/** The marking and "Side N af M" at the foot of every page. */
function furniture(doc: PDFKit.PDFDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { left, right, bottom } = doc.page.margins;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - left - right;
    const y = doc.page.height - 44;
    doc.save().moveTo(left, y - 6).lineTo(left + width, y - 6).lineWidth(0.5).strokeColor(RULE).stroke().restore();
    doc.font('regular').fontSize(9).fillColor(MUTED);
    doc.text(T.marking, left, y, { width, align: 'left', lineBreak: false });
    doc.text(`Side ${i - start + 1} af ${count}`, left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
}
