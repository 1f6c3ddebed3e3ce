/**
 * A small JSON Schema (draft 2020-12) validator for the keywords docs/handover.schema.json uses, so the tests can
 * check every packet against the published schema without a dependency (HO5). A keyword it does not know is an
 * error, never silently ignored: the schema cannot grow a rule this validator would skip.
 */

export type JsonSchema = boolean | { [keyword: string]: unknown };

export interface SchemaError {
  /** JSON Pointer into the instance, e.g. "/actions/0/dueDate". */
  path: string;
  message: string;
}

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$comment', '$defs', 'examples', 'default']);
const KNOWN = new Set([
  ...ANNOTATIONS,
  '$ref',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'oneOf',
  'anyOf',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, type: string): boolean {
  const actual = typeOf(v);
  return actual === type || (type === 'number' && actual === 'integer');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function formatHolds(format: string, v: string): boolean {
  if (format === 'date') {
    const m = DATE.exec(v);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
  }
  if (format === 'date-time') return DATE_TIME.test(v) && !Number.isNaN(Date.parse(v));
  throw new Error(`unsupported format ${format}`);
}

/** Every error of `instance` against `root` (empty when valid). */
export function validateJsonSchema(root: JsonSchema, instance: unknown): SchemaError[] {
  const errors: SchemaError[] = [];

  const resolve = (ref: string): JsonSchema => {
    if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) {
      node = isObject(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
      if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    return node as JsonSchema;
  };

  const check = (schema: JsonSchema, v: unknown, path: string, out: SchemaError[]): void => {
    if (schema === true) return;
    if (schema === false) {
      out.push({ path, message: 'no value is allowed here' });
      return;
    }
    for (const keyword of Object.keys(schema)) if (!KNOWN.has(keyword)) throw new Error(`unsupported keyword ${keyword} at ${path || '/'}`);
    const fail = (message: string) => out.push({ path: path || '/', message });

    if (typeof schema.$ref === 'string') check(resolve(schema.$ref), v, path, out);
    if (schema.type !== undefined) {
      const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
      if (!types.some((t) => typeMatches(v, t))) fail(`expected ${types.join(' or ')}, got ${typeOf(v)}`);
    }
    if (Array.isArray(schema.enum) && !schema.enum.some((e) => deepEqual(e, v))) fail(`not one of ${JSON.stringify(schema.enum)}`);
    if ('const' in schema && !deepEqual(schema.const, v)) fail(`expected ${JSON.stringify(schema.const)}`);
    if (typeof v === 'string') {
      if (typeof schema.minLength === 'number' && [...v].length < schema.minLength) fail(`shorter than ${schema.minLength}`);
      if (typeof schema.maxLength === 'number' && [...v].length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(v)) fail(`does not match ${schema.pattern}`);
      if (typeof schema.format === 'string' && !formatHolds(schema.format, v)) fail(`not a ${schema.format}`);
    }
    if (typeof v === 'number') {
      if (typeof schema.minimum === 'number' && v < schema.minimum) fail(`less than ${schema.minimum}`);
      if (typeof schema.maximum === 'number' && v > schema.maximum) fail(`more than ${schema.maximum}`);
    }
    if (Array.isArray(v)) {
      if (typeof schema.minItems === 'number' && v.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
      if (typeof schema.maxItems === 'number' && v.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
      if (schema.items !== undefined) v.forEach((item, i) => {
        check(schema.items as JsonSchema, item, `${path}/${i}`, out);
      });
    }
    if (isObject(v)) {
      const props = isObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
      if (Array.isArray(schema.required)) for (const key of schema.required as string[]) if (!(key in v)) fail(`missing required property ${key}`);
      for (const [key, value] of Object.entries(v)) {
        const child = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (key in props) check(props[key]!, value, child, out);
        else if (schema.additionalProperties !== undefined) check(schema.additionalProperties as JsonSchema, value, child, out);
      }
    }
    for (const [keyword, exactlyOne] of [['oneOf', true], ['anyOf', false]] as const) {
      const options = schema[keyword];
      if (!Array.isArray(options)) continue;
      const passing = options.filter((option) => {
        const sub: SchemaError[] = [];
        check(option as JsonSchema, v, path, sub);
        return sub.length === 0;
      }).length;
      if (exactlyOne ? passing !== 1 : passing === 0) fail(`${keyword}: ${passing} of ${options.length} alternatives match`);
    }
  };

  check(root, instance, '', errors);
  return errors;
}
