/**
 * The search term as PostgreSQL queries (docs/SPEC.md, SE1, SE13). The term is read once by
 * `websearch_to_tsquery('danish', $1)` (stems, "phrases", OR, -word): that is the *exact* query, stem for stem.
 * The *prefix* query is built from its lexemes, never from the user's text: PostgreSQL's canonical text of the
 * exact query (every lexeme quoted, quotes doubled, backslashes doubled) is tokenized here, and each lexeme of at
 * least `PREFIX_MIN` characters outside a negation and outside a phrase gets `:*`, so "morgen" (stem 'morg') also
 * finds "morgenrutiner" and "skole" (stem 'skol') "skolefravær". A negated lexeme stays exact, so the prefix query
 * finds every case the exact one finds and more; a "quoted phrase" stays exact (the words as written, and positions
 * checked for every prefix's words would make a phrase the slowest search by far). Anything this tokenizer does not expect leaves the exact query as it is.
 */
import type pg from 'pg';

/** Shorter lexemes are not widened: 'sø':* would be half the dictionary. */
export const PREFIX_MIN = 3;

export interface SearchQuery {
  /** The exact query's canonical text ('' when the term has no lexemes: stop words only). */
  exact: string;
  /** The same with the prefix widening; equal to `exact` when nothing was widened. */
  prefix: string;
}

type Token = { kind: 'lexeme'; raw: string; length: number } | { kind: 'op'; raw: string };

/** Tokens of a tsquery's canonical text, or null if it holds anything else (then nothing is widened). */
export function tokenizeTsquery(text: string): Token[] | null {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ') {
      i++;
    } else if (c === "'") {
      // A quoted lexeme: '' is a quote, \x is x.
      let j = i + 1;
      let length = 0;
      for (;;) {
        if (j >= text.length) return null;
        const d = text[j]!;
        if (d === '\\') {
          if (j + 1 >= text.length) return null;
          j += 2;
        } else if (d === "'") {
          if (text[j + 1] === "'") j += 2;
          else break;
        } else {
          j += 1;
        }
        length++;
      }
      // Already a prefix or weighted (the exact query never is): leave the query alone.
      if (text[j + 1] === ':') return null;
      tokens.push({ kind: 'lexeme', raw: text.slice(i, j + 1), length });
      i = j + 1;
    } else if (c === '&' || c === '|' || c === '!' || c === '(' || c === ')') {
      tokens.push({ kind: 'op', raw: c });
      i++;
    } else if (c === '<') {
      const m = /^<(-|\d+)>/.exec(text.slice(i));
      if (!m) return null;
      tokens.push({ kind: 'op', raw: m[0] });
      i += m[0].length;
    } else {
      return null;
    }
  }
  return tokens;
}

/**
 * The exact query's text with `:*` after every lexeme of at least `PREFIX_MIN` characters that is not negated
 * (neither `!'x'` nor inside `!( … )`) nor part of a phrase (`<->`, `<N>`); the text unchanged when the tokens are
 * not what PostgreSQL writes.
 */
export function widenToPrefix(exact: string, min = PREFIX_MIN): string {
  const tokens = tokenizeTsquery(exact);
  if (!tokens) return exact;
  const out: string[] = [];
  // Open parentheses, each noting whether it was negated; a '!' applies to the next operand.
  const groups: boolean[] = [];
  let bang = false;
  const phraseOp = (t: Token | undefined) => t?.kind === 'op' && t.raw.startsWith('<');
  for (const [i, t] of tokens.entries()) {
    const negated = bang || groups.includes(true);
    if (t.kind === 'lexeme') {
      // A lexeme of a phrase ("quoted words", or the parts PostgreSQL reads a hyphenated word into) stays exact.
      const inPhrase = phraseOp(tokens[i - 1]) || phraseOp(tokens[i + 1]);
      out.push(!negated && !inPhrase && t.length >= min ? `${t.raw}:*` : t.raw);
      bang = false;
    } else if (t.raw === '!') {
      out.push('!');
      bang = true;
    } else if (t.raw === '(') {
      out.push('(');
      groups.push(bang);
      bang = false;
    } else if (t.raw === ')') {
      if (!groups.length) return exact;
      groups.pop();
      out.push(')');
    } else {
      out.push(t.raw);
    }
  }
  if (groups.length || bang) return exact;
  // Written as PostgreSQL writes a tsquery: spaced operators, '!' against its operand.
  return out.reduce((text, t, i) => (i === 0 ? t : out[i - 1] === '!' ? text + t : `${text} ${t}`), '');
}

/** Reads the term into the exact and the prefix query (one small statement that touches no case data). */
export async function searchQueryOf(pool: Pick<pg.Pool, 'query'>, term: string): Promise<SearchQuery> {
  const { rows } = await pool.query<{ exact: string }>({
    name: 'search_term_query',
    text: `SELECT websearch_to_tsquery('danish'::regconfig, $1)::text AS exact`,
    values: [term],
  });
  const exact = rows[0]?.exact ?? '';
  return { exact, prefix: exact ? widenToPrefix(exact) : '' };
}
