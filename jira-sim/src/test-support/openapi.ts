/**
 * Validates response bodies against Atlassian's own OpenAPI description of Jira Cloud
 * (../shared/jira/jira-cloud-platform.openapi.json, read at test time, never copied).
 * OpenAPI 3.0 schemas become JSON Schema: `nullable` turns into a `null` alternative and
 * `#/components/schemas/X` refs resolve inside one registered document.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const OPENAPI_PATH = path.resolve(repoRoot, '../shared/jira/jira-cloud-platform.openapi.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** OpenAPI 3.0 → JSON Schema for the keywords Atlassian's document uses. */
function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'xml' || key === 'discriminator') continue;
    out[key] = convert(value);
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

let ajv: Ajv | null = null;
const validators = new Map<string, ValidateFunction>();
const DOC_ID = 'https://jira-cloud-platform.local/openapi.json';

function load(): Ajv {
  if (ajv) return ajv;
  const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { components: { schemas: Json } };
  // Formats are not checked: Jira's own timestamps ("...+0000") are not RFC 3339 date-times.
  // ownProperties: a changelog item's `toString` member must not be confused with Object.prototype's.
  ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, ownProperties: true });
  ajv.addSchema({ $id: DOC_ID, components: { schemas: convert(spec.components.schemas) } });
  return ajv;
}

/** A validator for `components.schemas[name]`, or an array of it with `[]` appended. */
export function schemaValidator(name: string): ValidateFunction {
  const cached = validators.get(name);
  if (cached) return cached;
  const instance = load();
  const isArray = name.endsWith('[]');
  const ref = { $ref: `${DOC_ID}#/components/schemas/${isArray ? name.slice(0, -2) : name}` };
  const validator = instance.compile(isArray ? { type: 'array', items: ref } : ref);
  validators.set(name, validator);
  return validator;
}

/** Throws with ajv's explanation when `body` doesn't match the schema. */
export function assertMatchesSchema(name: string, body: unknown, context = ''): void {
  const validate = schemaValidator(name);
  if (!validate(body)) {
    const problems = (validate.errors ?? []).slice(0, 8).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    throw new Error(`${context} does not match ${name}:\n  ${problems.join('\n  ')}`);
  }
}
