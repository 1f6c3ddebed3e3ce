/**
 * Just enough PDF reading for tests: inflates the content streams pdfkit
 * writes and decodes the hex strings of its TJ/Tj operators (WinAnsi).
 * One output line per text operator.
 */
import zlib from 'node:zlib';

// WinAnsiEncoding differs from Latin-1 only in 0x80-0x9F.
const WIN_ANSI_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeHex(hex: string): string {
  let out = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const code = parseInt(hex.slice(i, i + 2), 16);
    out += code >= 0x80 && code <= 0x9f ? WIN_ANSI_80_9F[code - 0x80] : String.fromCharCode(code);
  }
  return out;
}

function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    const start = pdf.indexOf('stream', pos, 'latin1');
    if (start < 0) break;
    let dataStart = start + 'stream'.length;
    if (pdf[dataStart] === 0x0d) dataStart++;
    if (pdf[dataStart] === 0x0a) dataStart++;
    const end = pdf.indexOf('endstream', dataStart, 'latin1');
    if (end < 0) break;
    const raw = pdf.subarray(dataStart, end);
    try {
      out.push(zlib.inflateSync(raw).toString('latin1'));
    } catch {
      out.push(raw.toString('latin1'));
    }
    pos = end + 'endstream'.length;
  }
  return out;
}

export function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const s of streams(pdf)) {
    for (const m of s.matchAll(/\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      if (m[1] !== undefined) lines.push([...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decodeHex(h[1]!)).join(''));
      else lines.push(decodeHex(m[2]!));
    }
  }
  return lines.join('\n');
}
