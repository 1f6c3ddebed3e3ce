/**
 * Searching cases (docs/SPEC.md, SE1-SE12): PostgreSQL full-text search in the `danish` configuration over the
 * cases the actor may read. The forums come from the policy (`caseForumsWhere`, so police only SSP, A4) and
 * restrict the SQL itself; every row is asked about again with `can()` before it is shown. The term's stems and the
 * words that begin with them (query.ts, SE13); exact matches first, then by ts_rank; snippets by ts_headline
 * (snippet.ts). Audited: the search (SEARCH, its criterion) before it runs, each case shown
 * (READ, purpose search-result) before the answer leaves.
 */
import { audit } from '../../audit/audit.js';
import type { Database } from '../../db/client.js';
import { log } from '../../observability/log.js';
import { can, caseForumsWhere, type Actor } from '../../policy/policy.js';
import { redactCpr } from '../../../shared/cpr.js';
import type { SearchHit as SearchHitView, SearchResponse as SearchResponseView } from '../../../shared/search.js';
import { redactorFor } from '../minutes/redact-identity.js';
import { levelLabelsFor } from '../overview/levels.js';
import { startBackfill } from './backfill.js';
import { SEARCH_FIELDS, type SearchField } from './index-text.js';
import { searchQueryOf, type SearchQuery } from './query.js';
import { SEARCH_LIMITS, type SearchInput } from './schema.js';
import { HEADLINE_ALL, HEADLINE_OPTIONS, hasHit, parseHeadline, snippetHtml, type SnippetPart } from './snippet.js';

/** A snippet of one field of a case, with its hits. `html` is the same text escaped, hits in <mark>. */
export interface SearchSnippet {
  field: Exclude<SearchField, 'description'>;
  parts: SnippetPart[];
  html: string;
}

/** A hit as the web reads it (shared/search.ts), each text also escaped as `html`. */
export interface SearchHit extends Omit<SearchHitView, 'description' | 'snippets'> {
  /** The anonymous description, every hit marked. */
  description: { parts: SnippetPart[]; html: string };
  /** Up to two other fields where the term was found, in the order of SEARCH_FIELDS. */
  snippets: SearchSnippet[];
}

export interface SearchResponse extends Omit<SearchResponseView, 'results'> {
  results: SearchHit[];
}

const SNIPPET_FIELDS = SEARCH_FIELDS.filter((f): f is SearchSnippet['field'] => f !== 'description');
const MAX_SNIPPETS = 2;

/** AU1 / SE7: the search criterion as the audit log keeps it; the term last, so it may hold any character. */
export function searchCriterion(input: SearchInput): string {
  const filters = (['forumId', 'status', 'level', 'from', 'to'] as const)
    .filter((k) => input[k] !== undefined)
    .map((k) => `${k}=${input[k]}`);
  return [...filters, `q=${redactCpr(input.q)}`].join(';');
}

interface Row {
  caseId: string;
  exact: boolean;
  rank: number;
  total: string;
  reference: string;
  forumId: string;
  forumName: string;
  status: 'OPEN' | 'CLOSED';
  createdAt: Date;
  level: number | null;
  childName: string | null;
  childAddress: string | null;
  parentNames: string | null;
  description: string;
  headlines: Array<string | null>;
}

/**
 * The SQL of a search: the actor's case forums ($3) and the filters inside the ranked query, snippets only for the
 * page's rows. `query` is the term read by searchQueryOf (query.ts): cases are found by the prefix query (which finds
 * everything the exact one does), those the exact query finds ranked first (SE13), each by ts_rank of the query
 * that found it. Exported for the benchmark (bench/search.ts), which times exactly this.
 */
export function searchSql(input: SearchInput, forumIds: string[], query: SearchQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [query.exact, query.prefix, forumIds];
  const p = (v: unknown) => `$${values.push(v)}`;
  // The ranked query reads "CaseSearch" alone: forum, status and creation time are kept there by a trigger on "Case".
  const where = ['s.tsv @@ q.query', 's."forumId" = ANY($3::text[])'];
  if (input.forumId) where.push(`s."forumId" = ${p(input.forumId)}`);
  if (input.status) where.push(`s.status = ${p(input.status)}::"CaseStatus"`);
  if (input.level) where.push(`${latestLevel('s."caseId"')} = ${p(input.level)}::int`);
  // createdAt is UTC without a time zone; the dates are days in Copenhagen.
  if (input.from) where.push(`s."createdAt" >= ((${p(input.from)}::date)::timestamp AT TIME ZONE 'Europe/Copenhagen') AT TIME ZONE 'UTC'`);
  if (input.to) where.push(`s."createdAt" < ((${p(input.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen') AT TIME ZONE 'UTC'`);
  const limit = p(input.limit ?? SEARCH_LIMITS.defaultLimit);
  const offset = p(input.offset ?? 0);
  const opts = p(HEADLINE_OPTIONS);
  const all = p(HEADLINE_ALL);
  const headline = (field: string) => `CASE WHEN s.${field} <> '' THEN ts_headline('danish'::regconfig, s.${field}, q.query, ${opts}) END`;
  const text = `
    WITH q AS MATERIALIZED (SELECT $1::tsquery AS exact, $2::tsquery AS query),
    hits AS MATERIALIZED (
      SELECT s."caseId", d.v @@ q.exact AS exact,
             CASE WHEN d.v @@ q.exact THEN ts_rank(d.v, q.exact) ELSE ts_rank(d.v, q.query) END AS rank,
             s."createdAt", count(*) OVER () AS total
        FROM q JOIN "CaseSearch" s ON s.tsv @@ q.query
        -- The stored tsvector is compressed (TOAST): read it once per match, not once per use (OFFSET 0 keeps
        -- the copy from being folded back into each expression).
        CROSS JOIN LATERAL (SELECT s.tsv || ''::tsvector AS v OFFSET 0) d
       WHERE ${where.join(' AND ')}
       ORDER BY exact DESC, rank DESC, s."createdAt" DESC, s."caseId"
       LIMIT ${limit} OFFSET ${offset}
    )
    SELECT h."caseId", h.exact, h.rank, h.total, c.reference, c."forumId", f.name AS "forumName", c.status, c."createdAt",
           ${latestLevel('c.id')} AS level, c."childName", c."childAddress", c."parentNames",
           ts_headline('danish'::regconfig, s.description, q.query, ${all}) AS description,
           ARRAY[${SNIPPET_FIELDS.map(headline).join(', ')}] AS headlines
      FROM hits h JOIN "CaseSearch" s ON s."caseId" = h."caseId" JOIN "Case" c ON c.id = h."caseId"
      JOIN "Forum" f ON f.id = c."forumId" CROSS JOIN q
     ORDER BY h.exact DESC, h.rank DESC, h."createdAt" DESC, h."caseId"`;
  return { text, values };
}

/** The case's latest Børnelinealen level (by when it was recorded), as the forum overview counts it. */
const latestLevel = (caseId: string) => `(SELECT a.level FROM "CaseAssessment" a WHERE a."caseId" = ${caseId} ORDER BY a."recordedAt" DESC LIMIT 1)`;

/** SE1: the cases the actor may read that match, ranked, with snippets; audited (SE7). */
export async function searchCases(db: Database, actor: Actor, input: SearchInput, address: string | null): Promise<SearchResponse> {
  startBackfill(db); // SE9: cases indexed before search existed get their document's text (once per process)
  const allowed = caseForumsWhere(actor, 'case:read');
  // The search is logged before it runs: a search that cannot be logged is not answered (AU1). Reading the term
  // into queries touches no case data, so it goes alongside.
  const [query] = await Promise.all([
    searchQueryOf(db.pool, input.q),
    audit(db.prisma, { userId: actor.userId, action: 'SEARCH', purpose: 'case-search', criterion: searchCriterion(input), address }),
  ]);
  const limit = input.limit ?? SEARCH_LIMITS.defaultLimit;
  const offset = input.offset ?? 0;
  const [rows, forums, levelLabels] = await Promise.all([
    // A term of stop words only has no lexemes: nothing to find.
    allowed.length && query.exact ? db.pool.query<Row>(searchSql(input, allowed, query)).then((r) => r.rows) : Promise.resolve([] as Row[]),
    db.prisma.forum.findMany({ where: { id: { in: allowed } }, select: { id: true, name: true, type: true }, orderBy: { name: 'asc' } }),
    levelLabelsFor(db.prisma, actor.municipalityId),
  ]);
  const results: SearchHit[] = [];
  for (const row of rows) {
    // A9: the policy has the last word on every row the SQL found.
    if (!can(actor, 'case:read', { forumId: row.forumId, isCase: true })) {
      log.warn('search_row_refused', { caseId: row.caseId });
      continue;
    }
    results.push(present(row));
  }
  // Each case shown is a read of its data (a snippet of it): a READ, so its access log (AU4) and the access
  // request (IN1) name it. The entries audit() writes, in one statement (one commit instead of twenty).
  if (results.length) {
    await db.prisma.auditEntry.createMany({
      data: results.map((r) => ({ userId: actor.userId, action: 'READ', caseId: r.caseId, caseReference: r.reference, purpose: 'search-result', address })),
    });
  }
  return { total: Number(rows[0]?.total ?? 0), limit, offset, results, forums, levelLabels };
}

function present(row: Row): SearchHit {
  // SE5: CPR numbers and the case's identity blanked once more in what is shown (the index holds neither).
  const blank = redactorFor(row);
  const clean = (text: string) => blank(redactCpr(text));
  const description = parseHeadline(row.description, clean);
  const snippets: SearchSnippet[] = [];
  SNIPPET_FIELDS.forEach((field, i) => {
    const headline = row.headlines[i];
    if (!headline || snippets.length >= MAX_SNIPPETS) return;
    const parts = parseHeadline(headline, clean);
    if (hasHit(parts)) snippets.push({ field, parts, html: snippetHtml(parts) });
  });
  return {
    caseId: row.caseId,
    reference: row.reference,
    forumId: row.forumId,
    forumName: row.forumName,
    status: row.status,
    level: row.level,
    createdAt: row.createdAt.toISOString(),
    rank: Number(row.rank),
    match: row.exact ? 'exact' : 'prefix',
    description: { parts: description, html: snippetHtml(description) },
    snippets,
  };
}
