/**
 * Sync jobs that gave up (dead-lettered after their last attempt), for admins: which links, when,
 * and why. They live in pg-boss's tables on PostgreSQL and are kept for 14 days; SQLite has no
 * queue (its failed syncs are retried by the next rounds), so there the list is empty.
 */
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DialectName } from '../../../db/database';
import type { Database } from '../../../db/schema';
import { DEAD_LETTER_QUEUE } from './boss';
import type { SyncFailure, SyncFailures } from '../../../../contract/admin';

// The answer's shape is the API contract's (queue: 'none' on SQLite, where syncs run in the one Pacer process).
export type SyncFailureView = SyncFailure;
export type SyncFailuresView = SyncFailures;

const triggerSchema = z.enum(['schedule', 'webhook']);

/** What the sync jobs carry: sync-links has a trigger, a webhook follow-up only its links (its trigger is in the failure's details). */
const dataSchema = z.object({ linkIds: z.array(z.string()), trigger: triggerSchema.optional().catch(undefined) });

const outputSchema = z.object({
  message: z.string().catch('The sync job failed without a message.'),
  code: z.string().catch('internal'),
  details: z
    .object({ linkIds: z.array(z.string()).catch([]), attempt: z.number().nullable().catch(null), trigger: triggerSchema.nullable().catch(null) })
    .partial()
    .catch({}),
});

export async function listSyncFailures(db: Kysely<Database>, dialect: DialectName, limit: number): Promise<SyncFailuresView> {
  if (dialect !== 'postgres') return { queue: 'none', failures: [] };
  const installed = await sql<{ present: boolean }>`select to_regclass('pgboss.job') is not null as present`.execute(db);
  if (!installed.rows[0]?.present) return { queue: 'pg-boss', failures: [] };
  const rows = await sql<{ id: string; created_on: Date; data: unknown; output: unknown }>`
    select id, created_on, data, output from pgboss.job
    where name = ${DEAD_LETTER_QUEUE}
    order by created_on desc
    limit ${limit}`.execute(db);
  return {
    queue: 'pg-boss',
    failures: rows.rows.map((row) => {
      const data = dataSchema.safeParse(row.data);
      const output = outputSchema.safeParse(row.output ?? {});
      const parsed = output.success ? output.data : { message: 'The sync job failed without a message.', code: 'internal', details: {} };
      return {
        id: row.id,
        failedAt: new Date(row.created_on).toISOString(),
        trigger: parsed.details.trigger ?? (data.success ? (data.data.trigger ?? null) : null),
        linkIds: parsed.details.linkIds?.length ? parsed.details.linkIds : data.success ? data.data.linkIds : [],
        error: { code: parsed.code, message: parsed.message },
        attempts: parsed.details.attempt ?? null,
      };
    }),
  };
}
