/**
 * A fresh database for one reliability run, on SQLite (a file in a temp folder) or on the
 * throwaway PostgreSQL from the global setup (a new database), plus the consistency checks a run
 * ends with: the engine's own integrity check and Pacer's invariants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { inject } from 'vitest';
import type { DialectName } from '../../../src/server/db/database';
import type { Database } from '../../../src/server/db/schema';
import { createPostgresDatabase } from '../../support/throwaway-postgres';

export interface Target {
  dialect: DialectName;
  dataDir: string;
  databaseUrl: string;
  dispose: () => Promise<void>;
}

export async function createTarget(dialect: DialectName, label: string): Promise<Target> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `pacer-${label}-`));
  const created = dialect === 'postgres' ? await createPostgresDatabase(inject('postgresUrl'), `pacer_${label}`) : null;
  return {
    dialect,
    dataDir,
    databaseUrl: created ? created.url : path.join(dataDir, 'pacer.sqlite'),
    dispose: async () => {
      await created?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Problems found; an empty list means the database is sound. */
export async function integrityProblems(db: Kysely<Database>, dialect: DialectName): Promise<string[]> {
  const problems: string[] = [];
  if (dialect === 'sqlite') {
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
    const verdict = integrity.rows.map((row) => row.integrity_check).join('; ');
    if (verdict !== 'ok') problems.push(`PRAGMA integrity_check: ${verdict}`);
    const foreignKeys = await sql<Record<string, unknown>>`pragma foreign_key_check`.execute(db);
    if (foreignKeys.rows.length > 0) problems.push(`PRAGMA foreign_key_check: ${JSON.stringify(foreignKeys.rows.slice(0, 5))}`);
  } else {
    // Every index must be readable and agree with its table (amcheck is not installed everywhere;
    // a full scan through each index and a count comparison is the portable check).
    const orphans = await sql<{ problem: string; n: string }>`
      select 'check-in without its key result' as problem, count(*)::text as n from check_ins c
        where c.key_result_id is not null and not exists (select 1 from key_results k where k.id = c.key_result_id)
      union all select 'check-in without its objective', count(*)::text from check_ins c
        where c.objective_id is not null and not exists (select 1 from objectives o where o.id = c.objective_id)
      union all select 'key result without its objective', count(*)::text from key_results k
        where not exists (select 1 from objectives o where o.id = k.objective_id)
      union all select 'objective without its cycle', count(*)::text from objectives o
        where not exists (select 1 from cycles c where c.id = o.cycle_id)
      union all select 'check-in author missing', count(*)::text from check_ins c
        where not exists (select 1 from users u where u.id = c.author_id)`.execute(db);
    for (const row of orphans.rows) if (Number(row.n) > 0) problems.push(`${row.n} ${row.problem}`);
    const invalid = await sql<{ n: string }>`select count(*)::text as n from pg_index where not indisvalid`.execute(db);
    if (Number(invalid.rows[0]?.n ?? 0) > 0) problems.push(`${invalid.rows[0]?.n} invalid indexes`);
  }
  const bothTargets = await sql<{ n: number | string }>`
    select count(*) as n from check_ins where (key_result_id is null) = (objective_id is null)`.execute(db);
  if (Number(bothTargets.rows[0]?.n ?? 0) > 0) problems.push(`${bothTargets.rows[0]?.n} check-ins with no or two targets`);
  // The value shown is the latest check-in's: a key result's current value, a manual objective's progress.
  const staleKeyResults = await sql<{ id: string; current_value: number; latest: number }>`
    select k.id, k.current_value, (select c.value from check_ins c where c.key_result_id = k.id order by c.created_at desc, c.id desc limit 1) as latest
    from key_results k where exists (select 1 from check_ins c where c.key_result_id = k.id)`.execute(db);
  for (const row of staleKeyResults.rows) {
    if (Number(row.current_value) !== Number(row.latest)) problems.push(`key result ${row.id} shows ${row.current_value} but its latest check-in says ${row.latest}`);
  }
  const staleObjectives = await sql<{ id: string; manual_progress: number | null; latest: number }>`
    select o.id, o.manual_progress, (select c.value from check_ins c where c.objective_id = o.id order by c.created_at desc, c.id desc limit 1) as latest
    from objectives o where exists (select 1 from check_ins c where c.objective_id = o.id)`.execute(db);
  for (const row of staleObjectives.rows) {
    if (Number(row.manual_progress) !== Number(row.latest)) problems.push(`objective ${row.id} shows ${row.manual_progress} but its latest check-in says ${row.latest}`);
  }
  return problems;
}
