/**
 * H8 at compile time: every route of the web's contract (shared/contract/routes.ts) exists on the server with that
 * method, takes the same path parameters, JSON body and query as the server's validators (`z.input`), and answers
 * on success something the contract's answer type accepts; read off Hono's schema of `AppType`, which the web never
 * imports (decision 0016). `npm run typecheck` fails on a mismatch and names the route; the test below only keeps
 * the file in the suite and checks the table's keys at run time.
 */
import fs from 'node:fs';
import type { ExtractSchema } from 'hono/types';
import { describe, expect, it } from 'vitest';
import type { AppType } from '../server/app.js';
import type { FileAnswer, MethodOf, ParamNames, PathOf } from '../shared/contract/paths.js';
import type { RouteKey, Routes } from '../shared/contract/routes.js';

type Schema = ExtractSchema<AppType>;
/** Mutual assignability and the same keys: all-optional objects (a query) are assignable both ways whatever their keys. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
type SameKeys<A, B> = [A, B] extends [object, object] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : true;

/** The server's endpoint(s) of a route: a union, one per status it can answer. */
type Served<K extends RouteKey> = PathOf<K> extends keyof Schema
  ? `$${Lowercase<MethodOf<K>>}` extends keyof Schema[PathOf<K>]
    ? Schema[PathOf<K>][`$${Lowercase<MethodOf<K>>}`]
    : 'the server has no such method on this path'
  : 'the server has no such path';

/** What the route answers when it does not refuse: every endpoint whose body is not an error body. */
type Answer<E> = E extends { output: infer O } ? (O extends { error: unknown } ? never : O) : never;
type InputOf<E> = E extends { input: infer I } ? I : never;
type Part<I, P extends string> = I extends { [K in P]: infer V } ? V : undefined;

type CheckAnswer<K extends RouteKey> = Routes[K]['res'] extends FileAnswer
  ? true
  : [Answer<Served<K>>] extends [never]
    ? 'the server never answers this route without an error'
    : [Answer<Served<K>>] extends [Routes[K]['res']]
      ? true
      : { route: K; server: Answer<Served<K>>; contract: Routes[K]['res'] };

type CheckBody<K extends RouteKey> = Same<Part<InputOf<Served<K>>, 'json'>, Routes[K] extends { body: infer B } ? B : undefined> extends true
  ? true
  : { route: K; server: Part<InputOf<Served<K>>, 'json'>; contract: Routes[K] extends { body: infer B } ? B : undefined };

type CheckQuery<K extends RouteKey> = Same<Part<InputOf<Served<K>>, 'query'>, Routes[K] extends { query: infer Q } ? Q : undefined> extends true
  ? true
  : { route: K; server: Part<InputOf<Served<K>>, 'query'>; contract: Routes[K] extends { query: infer Q } ? Q : undefined };

type CheckParams<K extends RouteKey> = Same<keyof Part<InputOf<Served<K>>, 'param'>, ParamNames<PathOf<K>>> extends true
  ? true
  : { route: K; server: keyof Part<InputOf<Served<K>>, 'param'>; contract: ParamNames<PathOf<K>> };

type Check<K extends RouteKey> = Served<K> extends string ? Served<K> : [CheckAnswer<K>, CheckBody<K>, CheckQuery<K>, CheckParams<K>];

/** The routes that disagree; the first line below names them all, the second shows the first one's two sides. */
type Failing = { [K in RouteKey]: Check<K> extends [true, true, true, true] ? never : K }[RouteKey];
const noneFailing: [Failing] extends [never] ? true : `disagrees: ${Failing}` = true;
const checks: { [K in RouteKey]: Check<K> } = null as unknown as { [K in RouteKey]: [true, true, true, true] };

describe('[H8] the web↔server contract', () => {
  it('every route of the table is one the server mounts (checked by the type-check; here its keys are well formed)', () => {
    expect([noneFailing, checks]).toEqual([true, null]);
    const table = fs.readFileSync(new URL('../shared/contract/routes.ts', import.meta.url), 'utf8');
    const keys = [...table.matchAll(/^ {2}'([A-Z]+) (\/api\/[^']*)':/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(keys.length).toBeGreaterThan(60);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/api(\/(:?[a-zA-Z]+|[a-z.-]+))+$/);
  });
});
