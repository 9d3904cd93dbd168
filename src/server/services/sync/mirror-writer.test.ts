/**
 * The batch's mirror writer on SQLite and PostgreSQL: pages wait until enough issues are queued or
 * a walk settles; an issue read by two queries in one write keeps the later read and the fields only
 * the earlier one asked for; a failed write fails exactly the walks whose pages it held.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS, openEmptyDatabase } from '../../../../test/support/app-harness';
import { countMirrorIssues, type MirrorIssue } from '../../db/repositories/jira-mirror-repository';
import { migrateToLatest } from '../../db/migrate';
import { MirrorWriter } from './mirror-writer';

const NOW = '2027-01-15T10:00:00.000Z';
const LATER = '2027-01-15T10:05:00.000Z';

function issue(id: string, changes: Partial<MirrorIssue> = {}): MirrorIssue {
  return {
    issueId: id,
    key: `AE-${id}`,
    summary: `Issue ${id}`,
    status: 'To Do',
    statusCategory: 'new',
    assignee: null,
    resolution: null,
    createdAt: NOW,
    resolutionDate: null,
    statusCategoryChangedAt: null,
    updatedAt: NOW,
    storyPoints: undefined,
    numbers: new Map(),
    ...changes,
  };
}

for (const dialect of DIALECTS) {
  describe(`the mirror writer [${dialect}]`, () => {
    let close: (() => Promise<void>) | null = null;
    afterEach(async () => {
      await close?.();
      close = null;
    });

    test('waits for enough issues or a settle; two reads of an issue merge; a failed write fails its walks only', async () => {
      const opened = await openEmptyDatabase(dialect);
      close = opened.close;
      const { db } = opened;
      await migrateToLatest(db);
      await sql`insert into jira_connections (id, name, url, username, auth_type, secret_ciphertext, deployment_type, health, created_at, updated_at)
        values ('jc1', 'Jira', 'https://jira.example.com', 'a', 'basic', 'v1:x', 'cloud', 'ok', ${NOW}, ${NOW})`.execute(db);

      const writer = new MirrorWriter(db, 3);
      const walkA = {};
      const walkB = {};
      await writer.write(walkA, 'jc1', [issue('1', { storyPoints: 5, numbers: new Map([['customfield_1', 2]]) })], NOW);
      expect(await countMirrorIssues(db)).toBe(0);
      // Walk B reads issue 1 again without points or fields, and moves it to Done: written together with A's read.
      await writer.write(walkB, 'jc1', [issue('1', { status: 'Done', statusCategory: 'done' }), issue('2')], LATER);
      expect(await countMirrorIssues(db)).toBe(2);
      const one = await db.selectFrom('jira_issues').select(['status', 'story_points', 'numeric_fields', 'mirrored_at']).where('issue_id', '=', '1').executeTakeFirstOrThrow();
      expect({ ...one, story_points: Number(one.story_points) }).toEqual({ status: 'Done', story_points: 5, numeric_fields: '{"customfield_1":2}', mirrored_at: LATER });

      // Below the threshold nothing is written until the walk settles.
      await writer.write(walkA, 'jc1', [issue('3')], NOW);
      expect(await countMirrorIssues(db)).toBe(2);
      await writer.settle(walkA);
      expect(await countMirrorIssues(db)).toBe(3);
      await writer.settle(walkB);

      // A write that fails (an unknown connection breaks the foreign key) fails the walk whose page it held, not another walk.
      const walkC = {};
      const walkD = {};
      await writer.write(walkC, 'no-such-connection', [issue('4')], NOW);
      await expect(writer.settle(walkC)).rejects.toThrow();
      await writer.write(walkD, 'jc1', [issue('5')], NOW);
      await writer.settle(walkD);
      expect(await countMirrorIssues(db)).toBe(4);
    });
  });
}
