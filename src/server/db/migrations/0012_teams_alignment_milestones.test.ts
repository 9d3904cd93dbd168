/**
 * Migration 0012 on a database at 0011 holding objectives aligned the old way (one parent_id each,
 * written with SQL as the previous code wrote them): every parent becomes the first row of
 * objective_parents without a weight, parentless and self-parented objectives get none, the
 * objectives read back with `parents` and the parent rolls its children up; deleting a parent
 * afterwards keeps the children, top-level; down() takes the new tables away and leaves the rest.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import { getObjectiveView } from '../../services/objectives-service';
import { findLocalIds, saveExternalRef } from '../repositories/external-refs-repository';
import { deleteObjectiveCascade } from '../repositories/objectives-repository';
import { migrateToLatest } from '../migrate';
import type { Database } from '../schema';
import { MIGRATIONS } from './index';
import * as m0012 from './0012_teams_alignment_milestones';

const T1 = '2027-01-10T10:00:00.000Z';
const UP_TO_0011 = MIGRATIONS.findIndex(([name]) => name === '0012_teams_alignment_milestones');
const ADMIN = { id: 'u1', email: 'a@example.com', name: 'A', role: 'admin' as const };

async function seedAt0011(db: Kysely<Database>): Promise<void> {
  const run = (query: ReturnType<typeof sql>) => query.execute(db);
  await run(sql`insert into users (id, email, name, role, password_hash, created_at, updated_at) values ('u1', 'a@example.com', 'A', 'admin', 'x', ${T1}, ${T1})`);
  await run(sql`insert into cycles (id, name, start_date, end_date, created_at, updated_at) values ('c1', 'Q1', '2027-01-01', '2027-03-31', ${T1}, ${T1})`);
  const objective = (id: string, parentId: string | null, mode: 'key_results' | 'manual', manual: number | null) =>
    run(sql`insert into objectives (id, cycle_id, title, description, owner_id, parent_id, progress_mode, manual_progress, created_at, updated_at)
      values (${id}, 'c1', ${`Objective ${id}`}, '', 'u1', ${parentId}, ${mode}, ${manual}, ${T1}, ${T1})`);
  await objective('top', null, 'key_results', null);
  await objective('a', 'top', 'manual', 0.2);
  await objective('b', 'top', 'manual', 0.6);
  await objective('leaf', 'a', 'key_results', null);
  await run(sql`insert into key_results (id, objective_id, title, owner_id, start_value, target_value, current_value, unit, weight, created_at, updated_at)
    values ('kr1', 'leaf', 'KR', 'u1', 0, 10, 5, '', 1, ${T1}, ${T1})`);
}

const rowsOf = async (db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<unknown[]> => (await query.execute(db)).rows;

for (const dialect of DIALECTS) {
  describe(`migration 0012: teams, weighted alignment, milestones [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('old parent ids become first parents without weights; objectives read back with parents and roll their children up', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      expect(UP_TO_0011).toBeGreaterThan(0);
      await migrateToLatest(db, MIGRATIONS.slice(0, UP_TO_0011));
      await seedAt0011(db);
      const objectivesBefore = await rowsOf(db, sql`select * from objectives order by id`);
      expect(await migrateToLatest(db, MIGRATIONS.slice(0, UP_TO_0011 + 1))).toEqual(['0012_teams_alignment_milestones']);

      expect(await rowsOf(db, sql`select * from objectives order by id`)).toEqual(objectivesBefore);
      const parents = await db.selectFrom('objective_parents').selectAll().orderBy('objective_id').execute();
      expect(parents.map((p) => ({ ...p, position: Number(p.position) }))).toEqual([
        { objective_id: 'a', parent_objective_id: 'top', weight: null, position: 0 },
        { objective_id: 'b', parent_objective_id: 'top', weight: null, position: 0 },
        { objective_id: 'leaf', parent_objective_id: 'a', weight: null, position: 0 },
      ]);

      const now = new Date('2027-02-01T00:00:00.000Z');
      const a = await getObjectiveView(db, 'a', now, ADMIN);
      expect(a).toMatchObject({ parentId: 'top', parents: [{ objectiveId: 'top', weight: null }], teamIds: [], milestones: [] });
      // top has no key results: the plain mean of its two manual children (0.2 and 0.6); a is manual, its child does not count.
      expect((await getObjectiveView(db, 'top', now, ADMIN)).progress).toBeCloseTo(0.4, 9);
      expect(a.progress).toBeCloseTo(0.2, 9);

      // Deleting the old parent keeps its children, now top-level, in both the column and the table,
      // and forgets what an import knew of it. Through today's repository, so at today's schema
      // (later migrations add tables it also clears, such as comments).
      await migrateToLatest(db);
      await saveExternalRef(db, { source: 'viva-goals', entityType: 'objective', externalId: '123', localId: 'top' }, T1);
      await saveExternalRef(db, { source: 'viva-goals', entityType: 'objective', externalId: '124', localId: 'b' }, T1);
      expect(await findLocalIds(db, 'viva-goals', 'objective', ['123', '124', '999'])).toEqual(new Map([['123', 'top'], ['124', 'b']]));
      await deleteObjectiveCascade(db, 'top', now.toISOString());
      expect(await findLocalIds(db, 'viva-goals', 'objective', ['123', '124'])).toEqual(new Map([['124', 'b']]));
      expect((await getObjectiveView(db, 'b', now, ADMIN)).parentId).toBeNull();
      expect(await db.selectFrom('objective_parents').select('objective_id').execute()).toEqual([{ objective_id: 'leaf' }]);

      for (const [, later] of MIGRATIONS.slice(UP_TO_0011 + 1).reverse()) await later.down?.(db as unknown as Kysely<unknown>);
      await m0012.down(db as unknown as Kysely<unknown>);
      const tables = (await db.introspection.getTables()).map((t) => t.name);
      for (const table of ['teams', 'team_owners', 'team_members', 'objective_teams', 'objective_parents', 'milestones', 'external_refs']) {
        expect(tables).not.toContain(table);
      }
      expect(await rowsOf(db, sql`select id, parent_id from objectives order by id`)).toEqual([
        { id: 'a', parent_id: null },
        { id: 'b', parent_id: null },
        { id: 'leaf', parent_id: 'a' },
      ]);
    });
  });
}
