/** Minimal iCalendar (RFC 5545) writing: escaping, line folding, CRLF. */

/** Escapes a TEXT value (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line so no physical line exceeds 75 octets, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** UTC date-time form: 20261124T080000Z. */
export function utcDateTime(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** DATE form from 'YYYY-MM-DD': 20261124. */
export function dateOnly(iso: string): string {
  return iso.replace(/-/g, '');
}

export type Property = [name: string, value: string];

/** A whole VCALENDAR with the given components, CRLF line endings and folded lines. */
export function calendar(headers: Property[], components: Array<{ type: string; props: Property[] }>): string {
  const lines: string[] = ['BEGIN:VCALENDAR', ...headers.map(([n, v]) => `${n}:${v}`)];
  for (const c of components) {
    lines.push(`BEGIN:${c.type}`, ...c.props.map(([n, v]) => `${n}:${v}`), `END:${c.type}`);
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
