/**
 * Just enough PDF reading for tests: inflates the streams pdfkit writes and
 * decodes the hex strings of its TJ/Tj operators, one output line per text
 * operator. Text in a standard font is WinAnsi (one byte a glyph); text in an
 * embedded font (Type0, Identity-H: two bytes a glyph) is read through the
 * font's ToUnicode CMap, following the font selected by each `Tf`.
 */
import zlib from 'node:zlib';

// WinAnsiEncoding differs from Latin-1 only in 0x80-0x9F.
const WIN_ANSI_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWinAnsi(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = parseInt(hex.slice(i, i + 2), 16);
    out += code >= 0x80 && code <= 0x9f ? WIN_ANSI_80_9F[code - 0x80] : String.fromCharCode(code);
  }
  return out;
}

interface PdfObject {
  dict: string;
  stream: string | null;
}

/** Every `N 0 obj … endobj` with its dictionary text and its (inflated) stream. */
export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const text = pdf.toString('latin1');
  for (const m of text.matchAll(/(\d+) 0 obj\b/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) continue;
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    let stream: string | null = null;
    let dict = body;
    if (s >= 0) {
      dict = body.slice(0, s);
      let dataStart = start + s + 'stream'.length;
      if (pdf[dataStart] === 0x0d) dataStart++;
      if (pdf[dataStart] === 0x0a) dataStart++;
      const dataEnd = text.indexOf('endstream', dataStart);
      const raw = pdf.subarray(dataStart, dataEnd);
      try {
        stream = zlib.inflateSync(raw).toString('latin1');
      } catch {
        stream = raw.toString('latin1');
      }
    }
    objects.set(Number(m[1]), { dict, stream });
  }
  return objects;
}

/** A ToUnicode CMap's bfrange/bfchar entries: glyph code -> text. */
function parseToUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hexWords: string) =>
    String.fromCharCode(...[...hexWords.matchAll(/<([0-9a-fA-F]+)>/g)].flatMap((w) => (w[1]!.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16))));
  for (const m of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    const start = parseInt(m[1]!, 16);
    const entries = [...m[3]!.matchAll(/<([0-9a-fA-F\s]*)>/g)].map((e) => e[1]!.replace(/\s+/g, ''));
    entries.forEach((hex, i) => {
      map.set(start + i, utf16(`<${hex}>`));
    });
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1]!, 16), utf16(`<${m[2]}>`));
  }
  return map;
}

/** Resource name (F1, F2, …) -> the ToUnicode map of that font, for embedded fonts. */
function fontMaps(objects: Map<number, PdfObject>): Map<string, Map<number, string>> {
  const maps = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values()) {
    const fonts = /\/Font\s*<<([^>]*)>>/.exec(dict);
    if (!fonts) continue;
    for (const ref of fonts[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(Number(ref[2]));
      const toUnicode = font && /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict);
      const cmap = toUnicode && objects.get(Number(toUnicode[1]))?.stream;
      if (cmap) maps.set(ref[1]!, parseToUnicode(cmap));
    }
  }
  return maps;
}

export function pdfText(pdf: Buffer): string {
  const objects = pdfObjects(pdf);
  const maps = fontMaps(objects);
  const lines: string[] = [];
  for (const { stream } of objects.values()) {
    if (stream === null) continue;
    let cmap: Map<number, string> | undefined;
    const decode = (hex: string) =>
      cmap ? (hex.match(/.{4}/g) ?? []).map((h) => cmap!.get(parseInt(h, 16)) ?? '').join('') : decodeWinAnsi(hex);
    for (const m of stream.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (m[1] !== undefined) cmap = maps.get(m[1]);
      else if (m[2] !== undefined) lines.push([...m[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decode(h[1]!)).join(''));
      else lines.push(decode(m[3]!));
    }
  }
  return lines.join('\n');
}
