/**
 * Migration 0013 on a database at 0012 holding an objective and a key result: they keep every
 * value and get closed_at and score as null; comments take exactly one target and an optional
 * author, and go with their objective when it is deleted; down() takes it all away again.
 */
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import { deleteObjectiveCascade } from '../repositories/objectives-repository';
import { migrateToLatest } from '../migrate';
import type { Database } from '../schema';
import { MIGRATIONS } from './index';
import * as m0013 from './0013_comments_closed_score';

const T1 = '2027-01-10T10:00:00.000Z';
const UP_TO_0012 = MIGRATIONS.findIndex(([name]) => name === '0013_comments_closed_score');

async function seedAt0012(db: Kysely<Database>): Promise<void> {
  const run = (query: ReturnType<typeof sql>) => query.execute(db);
  await run(sql`insert into users (id, email, name, role, password_hash, created_at, updated_at) values ('u1', 'a@example.com', 'A', 'admin', 'x', ${T1}, ${T1})`);
  await run(sql`insert into cycles (id, name, start_date, end_date, created_at, updated_at) values ('c1', 'Q1', '2027-01-01', '2027-03-31', ${T1}, ${T1})`);
  await run(sql`insert into objectives (id, cycle_id, title, description, owner_id, parent_id, progress_mode, manual_progress, created_at, updated_at)
    values ('o1', 'c1', 'Objective', '', 'u1', null, 'manual', 0.4, ${T1}, ${T1})`);
  await run(sql`insert into key_results (id, objective_id, title, owner_id, start_value, target_value, current_value, unit, weight, created_at, updated_at)
    values ('kr1', 'o1', 'KR', 'u1', 0, 10, 5, '', 1, ${T1}, ${T1})`);
}

const rowsOf = async (db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<unknown[]> => (await query.execute(db)).rows;

for (const dialect of DIALECTS) {
  describe(`migration 0013: comments, closed_at and score [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('existing rows keep their values with closed_at and score null; comments have one target; down() removes it all', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      expect(UP_TO_0012).toBeGreaterThan(0);
      await migrateToLatest(db, MIGRATIONS.slice(0, UP_TO_0012));
      await seedAt0012(db);
      expect(await migrateToLatest(db, MIGRATIONS.slice(0, UP_TO_0012 + 1))).toEqual(['0013_comments_closed_score']);

      expect(await db.selectFrom('objectives').select(['id', 'title', 'manual_progress', 'closed_at', 'score']).execute()).toEqual([
        { id: 'o1', title: 'Objective', manual_progress: 0.4, closed_at: null, score: null },
      ]);
      expect(await db.selectFrom('key_results').select(['id', 'current_value', 'closed_at', 'score']).execute()).toEqual([{ id: 'kr1', current_value: 5, closed_at: null, score: null }]);
      await db.updateTable('key_results').set({ closed_at: T1, score: 0.75 }).where('id', '=', 'kr1').execute();
      expect(await db.selectFrom('key_results').select(['closed_at', 'score']).execute()).toEqual([{ closed_at: T1, score: 0.75 }]);

      const comment = (id: string, objectiveId: string | null, keyResultId: string | null, authorId: string | null) =>
        db.insertInto('comments').values({ id, objective_id: objectiveId, key_result_id: keyResultId, author_id: authorId, text: `Comment ${id}`, created_at: T1 }).execute();
      await comment('m1', 'o1', null, 'u1');
      await comment('m2', null, 'kr1', null);
      await expect(comment('both', 'o1', 'kr1', null)).rejects.toThrow();
      await expect(comment('none', null, null, null)).rejects.toThrow();
      await expect(comment('ghost', 'o1', null, 'no-such-user')).rejects.toThrow();

      await deleteObjectiveCascade(db, 'o1', T1);
      expect(await db.selectFrom('comments').select('id').execute()).toEqual([]);

      await m0013.down(db as unknown as Kysely<unknown>);
      expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain('comments');
      expect(await rowsOf(db, sql`select * from users`)).toHaveLength(1);
      const objectiveColumns = (await db.introspection.getTables()).find((t) => t.name === 'objectives')?.columns.map((c) => c.name);
      expect(objectiveColumns).not.toContain('closed_at');
      expect(objectiveColumns).not.toContain('score');
    });
  });
}
