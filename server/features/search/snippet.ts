/**
 * Highlighted snippets (docs/SPEC.md, SE6). PostgreSQL's ts_headline marks each hit with U+0002 … U+0003, characters
 * the index never holds (index-text.ts removes them), so the markers are unambiguous. The headline is then split
 * into plain-text parts; HTML is only ever built here, from escaped text, and the web renders the parts as text.
 */
import type { SnippetPart } from '../../../shared/search.js';

export type { SnippetPart };

export const HIT_START = '\u0002';
export const HIT_END = '\u0003';

/** ts_headline options: a few words around the best hits, at most two fragments. */
export const HEADLINE_OPTIONS = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=28, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
/** The description is short: all of it, every hit marked. */
export const HEADLINE_ALL = `StartSel=${HIT_START}, StopSel=${HIT_END}, HighlightAll=true`;

const MARKERS = new RegExp(`[${HIT_START}${HIT_END}]`, 'g');

/**
 * The headline as parts. `clean` runs on every part's text (CPR numbers and identity blanked once more, SE5).
 * Adjacent parts of the same kind are merged; empty ones dropped.
 */
export function parseHeadline(headline: string, clean: (text: string) => string = (t) => t): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (raw: string, hit: boolean) => {
    const text = clean(raw.replace(MARKERS, ''));
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.hit === hit) last.text += text;
    else parts.push({ text, hit });
  };
  let rest = headline;
  for (;;) {
    const start = rest.indexOf(HIT_START);
    if (start < 0) break;
    const end = rest.indexOf(HIT_END, start + 1);
    if (end < 0) break;
    push(rest.slice(0, start), false);
    push(rest.slice(start + 1, end), true);
    rest = rest.slice(end + 1);
  }
  push(rest, false);
  // Layout whitespace from the document (line breaks between paragraphs) reads as one space.
  for (const p of parts) p.text = p.text.replace(/\s+/gu, ' ');
  if (parts[0]) parts[0].text = parts[0].text.trimStart();
  const last = parts[parts.length - 1];
  if (last) last.text = last.text.trimEnd();
  return parts.filter((p) => p.text);
}

export const hasHit = (parts: SnippetPart[]) => parts.some((p) => p.hit);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The parts as HTML: text escaped, hits in <mark>. */
export function snippetHtml(parts: SnippetPart[]): string {
  return parts.map((p) => (p.hit ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
}
