/**
 * Response serialization compiled from the contract (issue 11): each route's zod response schema is
 * turned into JSON Schema once, at start-up, and compiled by fast-json-stringify into a function
 * that writes exactly the schema's properties. fastify-type-provider-zod's own serializer instead
 * re-encodes (parses and copies) every answer with zod before `JSON.stringify`; measured on one
 * objective with five key results, the compiled function takes about half the time.
 *
 * What it keeps from the zod serializer: only declared properties are written (a presenter that
 * passed a raw row along would not leak its other columns), and a missing required property fails
 * the request instead of sending a partial shape. What it gives up: zod's refinements (min/max,
 * formats) are not re-checked on the way out; presenters return the contract's own types, so
 * `tsc` is what keeps them right.
 *
 * A schema JSON Schema cannot express (a transform, a date object) falls back to the zod
 * serializer, route by route; `compiledRoutes()` says which routes got which, for tests.
 *
 * Not used by the two list routes that send up to megabytes (the cycle's objectives, a link's
 * issue page): there V8's native `JSON.stringify` is several times faster than any JavaScript
 * serializer (fast-json-stringify builds the string by concatenation; docs/BENCHMARKS.md), and
 * those routes pin their presenter's type to the schema at compile time instead.
 */
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type JsonObject = { [key: string]: unknown };
type RouteSchema = Parameters<typeof zodSerializerCompiler>[0]['schema'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBareNull(schema: unknown): boolean {
  return isObject(schema) && schema.type === 'null' && Object.keys(schema).length === 1;
}

/**
 * zod writes `T | null` as `anyOf: [T, {type: 'null'}]`; fast-json-stringify serializes an anyOf
 * by validating the value against each branch with ajv, which made a list of 2,000 objectives
 * four times slower than `JSON.stringify`. The same type as `type: [T's type, 'null']` is written
 * with a plain check. A `$ref` branch is inlined from `definitions` so that it can be merged.
 */
export function withNullableTypes(schema: unknown, definitions: JsonObject): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withNullableTypes(item, definitions));
  if (!isObject(schema)) return schema;
  const { anyOf } = schema;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex(isBareNull);
    let other: unknown = nullAt >= 0 ? anyOf[1 - nullAt] : undefined;
    if (isObject(other) && typeof other.$ref === 'string' && other.$ref.startsWith('#/definitions/')) {
      other = definitions[other.$ref.slice('#/definitions/'.length)];
    }
    if (isObject(other) && typeof other.type === 'string') {
      const { anyOf: _nullable, ...rest } = schema;
      return withNullableTypes({ ...rest, ...other, type: [other.type, 'null'] }, definitions);
    }
  }
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = withNullableTypes(value, definitions);
  return copy;
}

type SerializationSchema = Parameters<typeof fastJson>[0];

/** The JSON Schema fast-json-stringify compiles for a zod schema; throws when JSON Schema cannot express it. */
export function serializationSchemaOf(schema: z.ZodType): SerializationSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'throw' }) as JsonObject;
  const definitions = isObject(json.definitions) ? json.definitions : {};
  // zod's output is JSON Schema draft 7, which is what fast-json-stringify reads.
  return withNullableTypes(json, definitions) as SerializationSchema;
}

const compiled = new Map<string, 'compiled' | 'zod'>();

/** `METHOD url status` → which serializer the route's answer got (for tests and diagnostics). */
export function compiledRoutes(): ReadonlyMap<string, 'compiled' | 'zod'> {
  return compiled;
}

export const compiledSerializerCompiler: FastifySerializerCompiler<RouteSchema> = (route) => {
  const key = `${route.method} ${route.url} ${route.httpStatus}`;
  const { schema } = route;
  if (schema instanceof z.ZodType) {
    try {
      const serialize = fastJson(serializationSchemaOf(schema));
      compiled.set(key, 'compiled');
      return (data: unknown) => serialize(data);
    } catch {
      // Not expressible in JSON Schema (or not compilable): zod's own serializer handles it.
    }
  }
  compiled.set(key, 'zod');
  return zodSerializerCompiler(route);
};
