/**
 * The cycle list's answer cache (issue 11) never serves an answer older than the last write: every
 * write, through the API or as raw SQL from another connection (a worker, the CLI, the sync
 * engine), changes the data version the cached answer was built at. Run on both databases.
 */
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/app-harness';
import { createCycleAroundToday, createKeyResult, createObjective, expectStatus, type ObjectiveDto } from '../../../../test/support/okr-fixtures';
import { readDataVersion } from '../../db/repositories/data-version-repository';

describeEachDatabase('objectives list answer cache', (ctx) => {
  test('a repeated list is served from the cache, with the same tag, and a matching If-None-Match gets a 304', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Cached cycle');
    await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Ship it' });
    const url = `/api/v1/objectives?cycleId=${cycle.id}`;

    const first = await ctx().request('GET', url, { as: admin });
    expectStatus(first, 200);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    const again = await ctx().request('GET', url, { as: admin });
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(ctx().app.objectivesListCache.size().entries).toBeGreaterThanOrEqual(1);

    const unchanged = await ctx().request('GET', url, { as: admin, headers: { 'if-none-match': String(first.headers.etag) } });
    expectStatus(unchanged, 304);
    expect(unchanged.body).toBe('');
  });

  test('a client that accepts gzip gets the same JSON gzip-compressed, with its own tag; either tag gets a 304', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Compressed cycle');
    // Enough objectives to pass the 1 KB below which answers go uncompressed.
    for (let n = 0; n < 12; n++) await createObjective(ctx(), admin, { cycleId: cycle.id, title: `Objective number ${n} with a title` });
    const url = `/api/v1/objectives?cycleId=${cycle.id}`;

    const plain = await ctx().request('GET', url, { as: admin });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    const compressed = await ctx().request('GET', url, { as: admin, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expectStatus(compressed, 200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(gunzipSync(compressed.rawPayload).toString('utf8')).toBe(plain.body);
    expect(compressed.headers.etag).not.toBe(plain.headers.etag);

    for (const tag of [plain.headers.etag, compressed.headers.etag]) {
      const unchanged = await ctx().request('GET', url, { as: admin, headers: { 'accept-encoding': 'gzip', 'if-none-match': String(tag) } });
      expectStatus(unchanged, 304);
    }
    const refused = await ctx().request('GET', url, { as: admin, headers: { 'accept-encoding': 'gzip;q=0, *' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(plain.body);
  });

  test('writes through the API and raw SQL from another connection show at once', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Changing cycle');
    const objective = await createObjective(ctx(), admin, { cycleId: cycle.id, title: 'Before' });
    const keyResult = await createKeyResult(ctx(), admin, objective.id, { title: 'Count', startValue: 0, targetValue: 10 });
    const url = `/api/v1/objectives?cycleId=${cycle.id}`;
    const list = async (): Promise<ObjectiveDto[]> => (await ctx().request('GET', url, { as: admin })).json<ObjectiveDto[]>();
    expect((await list())[0]?.title).toBe('Before');

    // As a worker or the CLI would: SQL on the database, not through this app's services.
    await sql`update objectives set title = 'After' where id = ${objective.id}`.execute(ctx().db);
    expect((await list())[0]?.title).toBe('After');

    await sql`update key_results set current_value = 7 where id = ${keyResult.id}`.execute(ctx().db);
    expect((await list())[0]?.keyResults[0]?.currentValue).toBe(7);

    await sql`update users set name = 'Renamed Admin' where id = ${admin.user.id}`.execute(ctx().db);
    expect((await list())[0]?.owner?.name).toBe('Renamed Admin');

    const checkIn = await ctx().request('POST', `/api/v1/key-results/${keyResult.id}/check-ins`, { as: admin, body: { value: 9 } });
    expectStatus(checkIn, 201);
    expect((await list())[0]?.keyResults[0]?.currentValue).toBe(9);

    await sql`delete from key_results where id = ${keyResult.id}`.execute(ctx().db);
    expect((await list())[0]?.keyResults).toEqual([]);
  });

  test('each viewer gets their own answer (canEdit differs)', async () => {
    const admin = await ctx().setupAdmin();
    const member = await ctx().createMember({ name: 'Reader' });
    const cycle = await createCycleAroundToday(ctx(), admin, 'Two viewers');
    await createObjective(ctx(), admin, { cycleId: cycle.id, title: "Admin's", ownerId: admin.user.id });
    const url = `/api/v1/objectives?cycleId=${cycle.id}`;
    const asAdmin = (await ctx().request('GET', url, { as: admin })).json<ObjectiveDto[]>();
    const asMember = (await ctx().request('GET', url, { as: member })).json<ObjectiveDto[]>();
    expect(asAdmin[0]?.canEdit).toBe(true);
    expect(asMember[0]?.canEdit).toBe(false);
  });

  test('the version moves with OKR tables, and not with sessions or API tokens', async () => {
    const admin = await ctx().setupAdmin();
    const cycle = await createCycleAroundToday(ctx(), admin, 'Versioned');
    const db = ctx().db;
    const before = await readDataVersion(db);
    await sql`update cycles set name = 'Versioned again' where id = ${cycle.id}`.execute(db);
    const afterCycle = await readDataVersion(db);
    expect(afterCycle).not.toBe(before);

    await sql`update sessions set last_seen_at = last_seen_at`.execute(db);
    await sql`update api_tokens set last_used_at = last_used_at`.execute(db);
    expect(await readDataVersion(db)).toBe(afterCycle);

    // Many rows in one transaction: PostgreSQL bumps once (at commit), SQLite once per row.
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < 20; i += 1) await sql`update cycles set name = ${`Name ${i}`} where id = ${cycle.id}`.execute(trx);
    });
    const afterMany = Number(await readDataVersion(db));
    if (ctx().dialect === 'postgres') expect(afterMany).toBe(Number(afterCycle) + 1);
    else expect(afterMany).toBeGreaterThan(Number(afterCycle));
  });
});
