/**
 * The search term's prefix widening (docs/SPEC.md, SE13; server/features/search/query.ts), against PostgreSQL's own
 * reading of hostile and ordinary terms: the prefix query is built from the exact query's lexemes, never from the
 * user's text, so nothing typed can become tsquery syntax; negated lexemes and short ones stay exact.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { searchQueryOf, tokenizeTsquery, widenToPrefix } from '../server/features/search/query.js';

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ ...inject('pgAdmin'), database: 'postgres' });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

/** PostgreSQL's canonical text of the prefix query, after a round trip through tsquery (so it parsed). */
async function prefixOf(term: string): Promise<{ exact: string; prefix: string; reparsed: string }> {
  const q = await searchQueryOf(client, term);
  const { rows } = await client.query<{ t: string }>('SELECT $1::tsquery::text AS t', [q.prefix]);
  return { ...q, reparsed: rows[0]!.t };
}

const matches = async (text: string, query: string) =>
  (await client.query<{ m: boolean }>(`SELECT to_tsvector('danish', $1) @@ $2::tsquery AS m`, [text, query])).rows[0]!.m;

describe('the prefix query', () => {
  it('[SE13] each lexeme of three or more characters outside a phrase gets :*, the operators stay; PostgreSQL reads it back as written', async () => {
    expect(await prefixOf('morgen')).toEqual({ exact: "'morg'", prefix: "'morg':*", reparsed: "'morg':*" });
    expect((await prefixOf('skole OR fravær')).prefix).toBe("'skol':* | 'fravær':*");
    // A quoted phrase stays as written; the words around it are widened.
    expect((await prefixOf('"svære morgener" søvn')).prefix).toBe("'svær' <-> 'morgen' & 'søvn':*");
    expect((await prefixOf('skole-hjem')).prefix).toBe("'skole-hjem' <-> 'skol' <-> 'hjem'");
    // A lexeme under 3 characters stays exact ('sø':* would match half the dictionary).
    expect((await prefixOf('sø')).prefix).toBe("'sø'");
    for (const term of ['morgen', 'skole OR fravær', '"svære morgener" søvn', 'skole -fravær', 'a-b e-mail']) {
      const { prefix, reparsed } = await prefixOf(term);
      expect(reparsed, term).toBe(prefix);
    }
  });

  it('[SE13] a negated lexeme or phrase stays exact, so the prefix query finds everything the exact one finds', async () => {
    expect((await prefixOf('skole -fravær')).prefix).toBe("'skol':* & !'fravær'");
    expect((await prefixOf('skole -"dårlig søvn"')).prefix).toBe("'skol':* & !( 'dår' <-> 'søvn' )");
    // "skole -fravær" must not drop a case with "fraværsopfølgning" only because that begins with 'fravær'.
    const { exact, prefix } = await prefixOf('skole -fravær');
    const text = 'Skolen aftaler fraværsopfølgning hver fjortende dag.';
    expect(await matches(text, exact)).toBe(true);
    expect(await matches(text, prefix)).toBe(true);
    expect(widenToPrefix("!( 'abc' & !( 'def' ) ) & 'ghi'")).toBe("!( 'abc' & !( 'def' ) ) & 'ghi':*");
  });

  it('[SE13] hostile terms: quotes, backslashes, :*, tsquery operators are words or nothing, never syntax', async () => {
    const hostile = [
      "zzz' | 'skol",
      "'skol':*",
      'morgen:*',
      'x\\\' | y',
      "it''s \\\\ ''' \\",
      '!( <-> <2> & | )',
      "a:A & b:*B | !c",
      "'''''",
      '"unclosed',
    ];
    for (const term of hostile) {
      const { exact, prefix, reparsed } = await prefixOf(term);
      expect(reparsed, term).toBe(prefix);
      // Widening only ever adds ':*' after a lexeme: the same lexemes, the same operators.
      expect(prefix.replace(/:\*/g, ''), term).toBe(exact);
    }
    // Typed quotes and bars are not an OR of two lexemes: "zzz' | 'skol" finds nothing about a school.
    const { prefix } = await prefixOf("zzz' | 'skol");
    expect(await matches('Skolefravær om mandagen', prefix)).toBe(false);
    expect(await matches('zzz og skolefravær', prefix)).toBe(true);
  });

  it('[SE13] a lexeme holding a quote or a backslash is tokenized whole; anything PostgreSQL never writes widens nothing', () => {
    expect(tokenizeTsquery("'it''s' & 'a\\\\b'")).toEqual([
      { kind: 'lexeme', raw: "'it''s'", length: 4 },
      { kind: 'op', raw: '&' },
      { kind: 'lexeme', raw: "'a\\\\b'", length: 3 },
    ]);
    expect(widenToPrefix("'it''s' & 'a\\\\b'")).toBe("'it''s':* & 'a\\\\b':*");
    for (const odd of ["'abc':*", "'abc", 'abc', "'abc' ) (", "( 'abc'", "'abc' & !", "'abc' <x> 'def'"]) expect(widenToPrefix(odd), odd).toBe(odd);
  });
});
