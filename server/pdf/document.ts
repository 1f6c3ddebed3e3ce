/**
 * The server's PDF documents (minutes, access request) as PDF/A-2b, the archival form a municipality files
 * (journalisering): every glyph from an embedded font (Liberation Sans, SIL OFL, shipped in ./fonts with its
 * licence), sRGB output intent and XMP metadata (pdfkit adds both for `subset`), title and language declared.
 * The standard-14 fonts are never used: they are not embedded, which PDF/A forbids.
 */
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const fontFile = (name: string) => fileURLToPath(new URL(`./fonts/${name}`, import.meta.url));

export const FONTS = {
  regular: fontFile('LiberationSans-Regular.ttf'),
  bold: fontFile('LiberationSans-Bold.ttf'),
  italic: fontFile('LiberationSans-Italic.ttf'),
} as const;
export type FontName = keyof typeof FONTS;

/** pdfkit writes Title into the XMP packet unescaped; keep markup characters out so the packet stays XML. */
const xmpSafe = (text: string) => text.replace(/[<>&]/g, ' ').replace(/\s+/g, ' ').trim();

export interface ArchivalPdf {
  doc: PDFKit.PDFDocument;
  /** Resolves with the whole file once `doc.end()` has been called. */
  done: Promise<Buffer>;
}

/**
 * A4 document in PDF/A-2b with the fonts registered under FontName. `title` goes into the metadata, so it must
 * carry no case data (IN2, T9): a kind of document, a forum, a date.
 */
export function archivalPdf(opts: { title: string; bufferPages?: boolean; margins?: PDFKit.PDFDocumentOptions['margins'] }): ArchivalPdf {
  const title = xmpSafe(opts.title);
  const doc = new PDFDocument({
    size: 'A4',
    margins: opts.margins ?? { top: 56, bottom: 64, left: 64, right: 64 },
    bufferPages: opts.bufferPages ?? false,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    lang: 'da-DK',
    displayTitle: true,
    // The default font: without it pdfkit selects Helvetica, a standard-14 font that is never embedded.
    font: FONTS.regular,
    info: { Title: title, Author: 'Samråd', Subject: title, Producer: 'Samråd', Creator: 'Samråd' },
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
