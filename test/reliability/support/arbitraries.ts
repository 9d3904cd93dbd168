/**
 * fast-check arbitraries for hostile input, built from the app's own OpenAPI document: for every
 * field of a route's body (or query) a mix of plausible values, boundary values, wrong types,
 * unicode, huge strings and SQL / HTML / template injection strings, plus extra and prototype keys.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  $ref?: string;
}

export interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Strings that have broken other systems; every one must be refused cleanly or stored verbatim. */
export const HOSTILE_STRINGS = [
  "'; DROP TABLE objectives; --",
  "Robert'); DROP TABLE users;--",
  '" OR ""="',
  "1' OR '1'='1",
  '<img src=x onerror=alert(1)>',
  '<script>alert("pwned")</script>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '${7*7}',
  '%s%s%n%x',
  '../../../../etc/passwd',
  'NULL',
  'undefined',
  '__proto__',
  '‮gnp.exe',
  '😀 👩🏽‍💻 🏳️‍🌈',
  '𝕳𝖊𝖑𝖑𝖔 ﷽',
  'Zalgo: Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒g̬͍o͔̼',
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  'half \udfff pair',
  '   padded   ',
  '\t\n\r',
  '',
  ' ',
];

const DATES = ['2026-01-01', '2026-12-31', '2024-02-29', '2026-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '9999-12-31', '2026-1-1', '01/02/2026', '2026-01-01T00:00:00Z', ''];
const URLS = [
  'http://127.0.0.1:1',
  'https://127.0.0.1:1/jira',
  'http://169.254.169.254/latest/meta-data',
  'http://[::1]:1',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'ftp://example.invalid',
  'not a url',
  'http://',
  `http://127.0.0.1:1/${'a'.repeat(2100)}`,
];
const EMAILS = ['ok@example.com', 'UPPER@EXAMPLE.COM', 'no-at-sign', '@example.com', 'a@b', `${'x'.repeat(250)}@example.com`, 'a"b@example.com', "o'brien@example.com"];
const JQL = ['project = AE', 'parent = AE-786', 'project = AE AND status = Done ORDER BY created', 'project = ', '((((', 'summary ~ "\\"', `project = AE AND summary ~ "${'z'.repeat(9_980)}"`, 'x'.repeat(10_001), "project = AE'; DROP TABLE integration_links; --"];
const NUMBERS: number[] = [0, -0, 1, -1, 0.5, 1e-9, 0.1 + 0.2, 2 ** 53 + 1, -(2 ** 53), 1e308, -1e308, 5e-324, 999_999_999_999];

function lengthsAround(max: number | undefined): fc.Arbitrary<string> {
  const limit = max ?? 200;
  return fc.constantFrom(limit - 1, limit, limit + 1, Math.min(limit * 10, 400_000)).map((length) => 'é'.repeat(Math.max(0, length)));
}

export function hostileText(maxLength?: number): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 4 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
    { arbitrary: fc.string({ unit: fc.constantFrom('a', '<', "'", '"', '\\', '😀', '\u0000', '\ud800', ' ', '%'), maxLength: 20 }), weight: 2 },
    { arbitrary: lengthsAround(maxLength), weight: 1 },
  );
}

/** Any JSON value at all: the "wrong type" for whatever a field expects. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 2 });

export interface FieldPools {
  /** Ids to try for a field or path parameter with this name (fixtures that exist, others that don't). */
  idsFor: (name: string) => string[];
}

function resolve(schema: JsonSchema, document: OpenApiDocument): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop() ?? '';
  return document.components?.schemas?.[name] ?? {};
}

/** Values for one field: mostly of its type (valid and boundary), sometimes any JSON at all. */
export function valueFor(input: JsonSchema, name: string, document: OpenApiDocument, pools: FieldPools, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input, document);
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  let typed: fc.Arbitrary<unknown>;
  if (alternatives && alternatives.length > 0) {
    typed = fc.oneof(...alternatives.map((alternative) => valueFor(alternative, name, document, pools, depth + 1)));
  } else if (schema.enum) {
    typed = fc.oneof(fc.constantFrom(...schema.enum), hostileText(20));
  } else if (schema.const !== undefined) {
    typed = fc.constant(schema.const);
  } else {
    const types = [schema.type ?? 'string'].flat();
    typed = fc.oneof(...types.map((type) => valueOfType(type, schema, name, document, pools, depth)));
  }
  return fc.oneof({ arbitrary: typed, weight: 6 }, { arbitrary: anyJson, weight: 1 });
}

function valueOfType(type: string, schema: JsonSchema, name: string, document: OpenApiDocument, pools: FieldPools, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      if (schema.format === 'date' || /Date$/.test(name)) return fc.oneof(fc.constantFrom(...DATES), hostileText(12));
      if (name === 'url') return fc.oneof(fc.constantFrom(...URLS), hostileText(2000));
      if (name === 'email') return fc.oneof(fc.constantFrom(...EMAILS), hostileText(254));
      if (name === 'jql') return fc.oneof(fc.constantFrom(...JQL), hostileText(10_000));
      if (/Id$|^id$/.test(name)) return fc.oneof(fc.constantFrom(...pools.idsFor(name)), hostileText(100));
      return hostileText(schema.maxLength);
    case 'number':
    case 'integer':
      return fc.oneof(
        fc.constantFrom(...NUMBERS, ...[schema.minimum, schema.maximum].filter((n): n is number => n !== undefined).flatMap((n) => [n, n - 1e-9, n + 1e-9, n - 1, n + 1])),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.constantFrom('5', '1e3', 'NaN', 'Infinity', '0x10'),
      );
    case 'boolean':
      return fc.oneof({ arbitrary: fc.boolean(), weight: 4 }, { arbitrary: fc.constantFrom('true', 0, 1, null), weight: 1 });
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(schema.items ? valueFor(schema.items, name, document, pools, depth + 1) : anyJson, { maxLength: 4 });
    case 'object':
      return depth > 3 ? fc.constant({}) : objectFor(schema, document, pools, depth + 1);
    default:
      return anyJson;
  }
}

/** An object for a schema: each known field present or not (required ones usually present), plus stray keys. */
export function objectFor(schema: JsonSchema, document: OpenApiDocument, pools: FieldPools, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(resolve(schema, document).properties ?? {});
  const required = new Set(resolve(schema, document).required ?? []);
  const fields = properties.map(([name, fieldSchema]) =>
    fc.option(valueFor(fieldSchema, name, document, pools, depth).map((value) => [name, value] as const), {
      freq: required.has(name) ? 8 : 2,
      nil: undefined,
    }),
  );
  const stray = fc.option(
    fc.tuple(fc.constantFrom('__proto__', 'constructor', 'extra', 'id', 'createdAt', 'role', 'isAdmin', 'a\u0000b'), anyJson),
    { freq: 5, nil: undefined },
  );
  return fc.tuple(fc.tuple(...fields), stray).map(([entries, extra]) => {
    const body: Record<string, unknown> = {};
    for (const entry of entries) if (entry) body[entry[0]] = entry[1];
    if (extra) Object.defineProperty(body, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
    return body;
  });
}

/** Raw request bodies that are not what the schema wants at all (sent as the JSON text given). */
export const RAW_BODIES = ['{', '[]', 'null', '"text"', '42', '{"a":1}{"b":2}', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}'];

export const rawBody: fc.Arbitrary<string> = fc.constantFrom(...RAW_BODIES);

/**
 * encodeURIComponent, except that a lone surrogate (which UTF-8 cannot carry, so the built-in
 * throws) is sent as the bytes a sloppy client would send for it: %ED%A0%80, invalid UTF-8.
 */
export function encodeLoosely(text: string): string {
  return text
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}
