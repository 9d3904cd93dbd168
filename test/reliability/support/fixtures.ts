/**
 * A small world for the bad-input and security suites, made through the API: Jira enabled with a
 * connection to the simulator, a cycle, objectives (one manual, one linked to Jira), a key result,
 * a member and their token; plus a whole-database snapshot to prove a refused request wrote nothing.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import type { JiraSim } from '../../../jira-sim/src/index';
import type { Database } from '../../../src/server/db/schema';
import type { Actor, AppTestContext } from '../../support/app-harness';
import { encodeLoosely, hostileText } from './arbitraries';

export interface Fixtures {
  admin: Actor;
  /** The admin's API token: reaches every route, immune to CSRF and to its own logout. */
  fuzzer: Actor;
  member: Actor;
  memberToken: { id: string; token: string };
  cycleId: string;
  objectiveId: string;
  manualObjectiveId: string;
  linkedObjectiveId: string;
  keyResultId: string;
  connectionId: string;
  /** Existing and non-existing ids for a field or path parameter with this name. */
  idsFor: (name: string) => string[];
  /** Concrete URLs for a route pattern: its parameters filled with fixture ids, unknown ids or hostile text. */
  urlFor: (pattern: string) => fc.Arbitrary<string>;
  /** The route pattern with each parameter set to an existing fixture's id (where there is one). */
  exampleUrl: (pattern: string) => string;
}

function expectCreated(response: { statusCode: number; body: string }, what: string): void {
  if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
}

export async function setUpFixtures(ctx: AppTestContext, sim: JiraSim): Promise<Fixtures> {
  const admin = await ctx.setupAdmin();
  const fuzzer = await ctx.withBearer(admin);
  const member = await ctx.createMember({ name: 'Fixture Member' });
  const post = async (url: string, body: unknown, as: Actor = fuzzer) => {
    const response = await ctx.request('POST', url, { as, body });
    expectCreated(response, `POST ${url}`);
    return response.json<{ id: string; token?: string }>();
  };
  expectCreated(await ctx.request('PUT', '/api/v1/integrations/jira', { as: fuzzer, body: { enabled: true } }), 'enable Jira');
  const connection = await post('/api/v1/integrations/jira/connections', { name: 'Fixture Jira', url: sim.url, username: 'dana@example.com', secret: 'sim-api-token-dana' });
  const today = new Date();
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const cycle = await post('/api/v1/cycles', { name: 'Fixture cycle', startDate: day(-30), endDate: day(60) });
  const objective = await post('/api/v1/objectives', { cycleId: cycle.id, title: 'Fixture objective' });
  const manual = await post('/api/v1/objectives', { cycleId: cycle.id, title: 'Fixture manual', progressMode: 'manual' });
  const linked = await post('/api/v1/objectives', { cycleId: cycle.id, title: 'Fixture linked' });
  expectCreated(
    await ctx.request('PUT', `/api/v1/objectives/${linked.id}/integration`, { as: fuzzer, body: { type: 'jira', connectionId: connection.id, jql: 'parent = AE-786', metric: 'percent_done' } }),
    'link objective',
  );
  const keyResult = await post(`/api/v1/objectives/${objective.id}/key-results`, { title: 'Fixture KR', startValue: 0, targetValue: 10 });
  const memberToken = await post('/api/v1/tokens', { name: 'member script' }, member);
  const team = await post('/api/v1/teams', { name: 'Fixture team', parentId: null, ownerIds: [admin.user.id], memberIds: [member.user.id] });

  const unknown = [randomUUID(), 'does-not-exist'];
  const byName: Record<string, string[]> = {
    cycleId: [cycle.id],
    ownerId: [member.user.id, admin.user.id],
    parentId: [objective.id, manual.id],
    objectiveId: [objective.id, linked.id],
    keyResultId: [keyResult.id],
    connectionId: [connection.id],
    teamId: [team.id],
  };
  const idsFor = (name: string) => [...(byName[name] ?? []), ...unknown];
  /** What a route's `:id` refers to, by the path segment before it. */
  const idsForPath = (pattern: string, parameter: string): string[] => {
    if (parameter !== 'id') return idsFor(parameter);
    if (pattern.includes('/objectives/:id')) return [objective.id, manual.id, linked.id, ...unknown];
    if (pattern.includes('/key-results/:id')) return [keyResult.id, ...unknown];
    if (pattern.includes('/cycles/:id')) return [cycle.id, ...unknown];
    // Never the admin: a fuzzed PATCH could otherwise lock the fuzzer out.
    if (pattern.includes('/users/:id')) return [member.user.id, ...unknown];
    if (pattern.includes('/connections/:id')) return [connection.id, ...unknown];
    if (pattern.includes('/tokens/:id')) return [memberToken.id, ...unknown];
    if (pattern.includes('/teams/:id')) return [team.id, ...unknown];
    return unknown;
  };
  const urlFor = (pattern: string): fc.Arbitrary<string> => {
    const names = [...pattern.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
    if (names.length === 0) return fc.constant(pattern);
    const values = names.map((name) => fc.oneof({ arbitrary: fc.constantFrom(...idsForPath(pattern, name)), weight: 6 }, { arbitrary: hostileText(120), weight: 1 }));
    return fc.tuple(...values).map((chosen) => {
      let url = pattern;
      names.forEach((name, i) => {
        // An empty segment would match another route (or none); a space stands in for "blank".
        const value = chosen[i] === '' ? ' ' : (chosen[i] ?? '');
        url = url.replace(`:${name}`, encodeLoosely(value));
      });
      return url;
    });
  };

  const exampleUrl = (pattern: string) => pattern.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => idsForPath(pattern, name)[0] ?? randomUUID());

  return {
    admin,
    fuzzer,
    member,
    memberToken: { id: memberToken.id, token: memberToken.token ?? '' },
    cycleId: cycle.id,
    objectiveId: objective.id,
    manualObjectiveId: manual.id,
    linkedObjectiveId: linked.id,
    keyResultId: keyResult.id,
    connectionId: connection.id,
    idsFor,
    urlFor,
    exampleUrl,
  };
}

/** Columns that change on reads by design: session and token "last used" bookkeeping. */
const VOLATILE: Record<string, string[]> = {
  sessions: ['last_seen_at', 'expires_at'],
  api_tokens: ['last_used_at'],
};

/** Every row of every table (migration bookkeeping aside) as one comparable text. */
export async function snapshotDatabase(db: Kysely<Database>): Promise<string> {
  const tables = (await db.introspection.getTables()).map((table) => table.name).sort();
  const parts: string[] = [];
  for (const table of tables) {
    const result = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
    const volatile = VOLATILE[table] ?? [];
    const rows = result.rows.map((row) => JSON.stringify(Object.entries(row).filter(([column]) => !volatile.includes(column)))).sort();
    parts.push(`${table} (${rows.length})\n${rows.join('\n')}`);
  }
  return parts.join('\n');
}
