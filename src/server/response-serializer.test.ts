/**
 * The compiled response serializer (issue 11): answers are written from the contract's JSON
 * Schema, byte for byte what `JSON.stringify` of the presenter's value gives, without undeclared
 * properties, and every route's schema compiles (none silently falls back to zod's serializer).
 */
import fastJson from 'fast-json-stringify';
import { expect, test } from 'vitest';
import { z } from 'zod';
import { describeEachDatabase } from '../../test/support/app-harness';
import { objectiveSchema, type Objective } from '../contract/objectives';
import { compiledRoutes, serializationSchemaOf, withNullableTypes } from './response-serializer';

const owner = { id: 'u1', name: 'Ada "the" Lovelace <script>' };

function objective(overrides: Partial<Objective> = {}): Objective {
  return {
    id: 'o1',
    cycleId: 'c1',
    title: 'Grow — ünïcødé \u2028 and "quotes"',
    description: '',
    ownerId: owner.id,
    owner,
    parentId: null,
    parents: [],
    teamIds: [],
    milestones: [],
    startDate: null,
    endDate: '2026-12-31',
    progressMode: 'key_results',
    progress: null,
    expectedProgress: 0.3353,
    status: 'behind',
    keyResults: [],
    integration: null,
    canEdit: true,
    closedAt: null,
    score: null,
    createdAt: '2026-12-05T12:00:00.000Z',
    updatedAt: '2026-12-05T12:00:00.000Z',
    ...overrides,
  };
}

test('an objective is written exactly as JSON.stringify writes it, nulls and non-null alike', () => {
  const serialize = fastJson(serializationSchemaOf(objectiveSchema));
  for (const value of [objective(), objective({ owner: null, ownerId: null, progress: 0.5, parentId: 'o0' })]) {
    expect(serialize(value)).toBe(JSON.stringify(value));
  }
});

test('properties the schema does not declare are not sent', () => {
  const serialize = fastJson(serializationSchemaOf(objectiveSchema));
  const leaky = { ...objective(), passwordHash: 'scrypt$secret', owner: { ...owner, email: 'ada@example.com' } };
  const sent = serialize(leaky);
  expect(sent).not.toContain('secret');
  expect(sent).not.toContain('ada@example.com');
  expect(JSON.parse(sent)).toEqual(objective());
});

test('a missing required property fails instead of sending a partial shape', () => {
  const serialize = fastJson(serializationSchemaOf(objectiveSchema));
  const { title: _title, ...partial } = objective();
  expect(() => serialize(partial)).toThrow(/title/);
});

test('T | null becomes a type list, so no branch is chosen by validation; $ref branches are inlined', () => {
  const schema = z.object({ a: z.string().nullable(), b: z.object({ x: z.number() }).nullable() });
  const json = serializationSchemaOf(schema) as { properties: Record<string, { type: unknown; anyOf?: unknown }> };
  expect(json.properties.a?.type).toEqual(['string', 'null']);
  expect(json.properties.b?.type).toEqual(['object', 'null']);
  expect(json.properties.b?.anyOf).toBeUndefined();
  const inlined = withNullableTypes({ anyOf: [{ $ref: '#/definitions/P' }, { type: 'null' }] }, { P: { type: 'object', properties: {} } });
  expect(inlined).toEqual({ type: ['object', 'null'], properties: {} });
});

test('a schema JSON Schema cannot express is refused, so the route keeps zod serializer', () => {
  expect(() => serializationSchemaOf(z.object({ at: z.date() }))).toThrow();
});

describeEachDatabase('compiled serializers', (getCtx) => {
  test('every route with a response schema is served by a compiled serializer', async () => {
    const { app, request, setupAdmin } = getCtx();
    // Fastify builds every route's serializers when the app gets ready.
    await app.ready();
    const routes = [...compiledRoutes().entries()];
    expect(routes.length).toBeGreaterThan(50);
    const admin = await setupAdmin();
    const me = await request('GET', '/api/v1/me', { as: admin });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: admin.user.id });
    expect(routes.filter(([, kind]) => kind === 'zod').map(([route]) => route)).toEqual([]);
  });
});
