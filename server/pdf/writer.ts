/**
 * Layout over pdfkit for the archival documents that are read and filed by professionals (the minutes, MN6, and
 * the hand-over packets, HO6): one place for their ink, body size, fact column and how a paragraph, a list point,
 * a label: value row and a passage signed by its writer are set. The documents' headings differ in size and
 * spacing, so each document gives its own HeadingStyles.
 */
import type { FontName } from './document.js';

export const INK = '#1a1a1a';
export const MUTED = '#555555';
export const RULE = '#9a9a9a';
/** The body text's size in points. */
export const BODY = 10.5;
/** Width of the label column in fact blocks ("Journalnummer" fits). */
export const LABEL_WIDTH = 128;
/** Between the lines of a paragraph, so wrapped text stays easy to read on paper. */
const LINE_GAP = 1.5;

export interface HeadingStyle {
  size: number;
  /** Points that must be left on the page, so a heading is never the last line of one. */
  keep: number;
  /** Lines of space above and below the heading's text. */
  before: number;
  after: number;
  /** A rule under the heading, then this many lines of space. */
  ruled?: number;
}

export interface HeadingStyles {
  section: HeadingStyle;
  subheading: HeadingStyle;
}

export class PdfWriter {
  readonly left: number;
  readonly width: number;
  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly headings: HeadingStyles,
  ) {
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

  /** The head of the first page: the kind of document, a line saying whose or what for, a rule. */
  title(title: string, size: number, subtitle: string): void {
    this.doc.font('bold').fontSize(size).fillColor(INK).text(title);
    this.doc.font('regular').fontSize(12).fillColor(MUTED).text(subtitle);
    this.doc.moveDown(0.6);
    this.rule();
    this.doc.moveDown(0.5);
  }

  section(title: string): void {
    this.heading(title, this.headings.section);
  }

  subheading(title: string): void {
    this.heading(title, this.headings.subheading);
  }

  private heading(title: string, style: HeadingStyle): void {
    this.keepSpace(style.keep);
    this.doc.moveDown(style.before);
    this.doc.font('bold').fontSize(style.size).fillColor(INK).text(title, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(style.after);
    if (style.ruled === undefined) return;
    this.rule();
    this.doc.moveDown(style.ruled);
  }

  /**
   * A bold line over a few lines or points of its own (a Signs of Safety column, one of the Three Houses);
   * `continued` when a remark in smaller type follows on the same line.
   */
  minorHeading(title: string, continued = false): void {
    this.doc.font('bold').fontSize(BODY - 0.5).fillColor(INK).text(title, this.left, this.doc.y, { width: this.width, continued });
  }

  paragraph(text: string, opts: { indent?: number; muted?: boolean; font?: FontName; size?: number } = {}): void {
    const indent = opts.indent ?? 0;
    this.doc
      .font(opts.font ?? 'regular')
      .fontSize(opts.size ?? BODY)
      .fillColor(opts.muted ? MUTED : INK)
      .text(text, this.left + indent, this.doc.y, { width: this.width - indent, lineGap: LINE_GAP });
  }

  /** A list point; `marker` "•" or a number such as "1.". */
  bullet(text: string, marker = '•'): void {
    this.doc.font('regular').fontSize(BODY);
    const indent = marker === '•' ? 16 : 22;
    // A point of a few lines stays on one page; a long one at least keeps its marker with its first lines.
    const height = this.doc.heightOfString(text, { width: this.width - indent, lineGap: LINE_GAP });
    this.keepSpace(Math.min(height, this.doc.currentLineHeight(true) * 4));
    const y = this.doc.y;
    this.doc.fillColor(INK).text(marker, this.left + 4, y, { width: indent - 4, lineBreak: false });
    this.doc.text(text, this.left + indent, y, { width: this.width - indent, lineGap: LINE_GAP });
    this.doc.moveDown(0.15);
  }

  /** Label: value rows, labels in a column of their own. */
  facts(rows: Array<{ label: string; value: string }>): void {
    for (const { label, value } of rows) {
      this.doc.font('regular').fontSize(BODY);
      const height = this.doc.heightOfString(value, { width: this.width - LABEL_WIDTH, lineGap: LINE_GAP });
      this.keepSpace(height);
      const y = this.doc.y;
      this.doc.font('bold').fillColor(INK).text(`${label}: `, this.left, y, { width: LABEL_WIDTH, lineGap: LINE_GAP });
      this.doc.font('regular').text(value, this.left + LABEL_WIDTH, y, { width: this.width - LABEL_WIDTH, lineGap: LINE_GAP });
      this.doc.y = Math.max(this.doc.y, y + height);
      this.doc.moveDown(0.1);
    }
  }

  /** A paragraph of passages, each followed by its writer in grey ("— Anna Jensen, Skole"). */
  attributed(runs: Array<{ text: string; writer: string | null }>): void {
    this.doc.font('regular').fontSize(BODY);
    this.keepSpace(this.doc.currentLineHeight(true) * 2);
    this.doc.x = this.left;
    const opts = { width: this.width, lineGap: LINE_GAP };
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
