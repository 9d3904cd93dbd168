/**
 * Seeds what the insight reads, straight into the database (no Jira: the insight never asks it):
 * a connection, a cycle around today, an objective linked with percent_done and one of its key
 * results linked with points_done and a status-name done rule, both on one query of `issues`
 * mirrored issues created over the last four months and mostly done, and the runs a link made
 * 45 days ago would have left: its first run listing every issue, then a scheduled run a day and
 * a few webhook runs a day, each with a handful of keys. Deterministic (a fixed pseudo-random
 * sequence), one transaction per 1,000 issues.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema';
import { chunked } from '../../src/server/db/in-list-chunks';

const DAY_MS = 86_400_000;
const RUN_DAYS = 45;
const WEBHOOK_RUNS_PER_DAY = 4;

export interface SeededHistory {
  objectiveId: string;
  keyResultId: string;
  runs: number;
  period: { startDate: string; endDate: string };
}

/** A small linear congruential generator: the same dataset every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function seedHistory(db: Kysely<Database>, options: { issues: number; ownerId: string }): Promise<SeededHistory> {
  const now = Date.now();
  const nowIso = new Date(now).toISOString();
  const period = { startDate: dayOf(now - 60 * DAY_MS), endDate: dayOf(now + 30 * DAY_MS) };
  const ids = { connection: crypto.randomUUID(), cycle: crypto.randomUUID(), objective: crypto.randomUUID(), keyResult: crypto.randomUUID() };
  const links = { objective: crypto.randomUUID(), keyResult: crypto.randomUUID() };
  const queryHash = 'bench-insight-query';
  const next = random(12);

  // The issues: created over the last 120 days, 70% done 0-20 days after (never after now).
  const issues = Array.from({ length: options.issues }, (_, i) => {
    const created = now - Math.floor(next() * 120 * DAY_MS);
    const done = next() < 0.7;
    const resolved = done ? Math.min(now - 60_000, created + Math.floor(next() * 20 * DAY_MS)) : null;
    const id = String(100_000 + i);
    return {
      id,
      key: `BEN-${i + 1}`,
      created: new Date(created).toISOString(),
      resolved: resolved === null ? null : new Date(resolved).toISOString(),
      status: done ? (next() < 0.5 ? 'Done' : 'Closed') : next() < 0.5 ? 'To Do' : 'In Progress',
      points: Math.floor(next() * 8) + 1,
    };
  });

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('jira_connections')
      .values({
        id: ids.connection,
        name: 'Bench Jira',
        url: 'https://jira.invalid',
        username: 'bench',
        auth_type: 'basic',
        secret_ciphertext: 'v1:unused',
        deployment_type: 'cloud',
        jira_user_name: null,
        jira_account_id: null,
        health: 'ok',
        last_error_code: null,
        last_error_message: null,
        last_checked_at: null,
        created_at: nowIso,
        updated_at: nowIso,
        webhook_secret_ciphertext: null,
        webhook_registered_at: null,
        webhook_last_delivery_at: null,
        quota_paused_until: null,
        scope_jql: null,
      })
      .execute();
    await trx.insertInto('cycles').values({ id: ids.cycle, name: 'Bench cycle', start_date: period.startDate, end_date: period.endDate, created_at: nowIso, updated_at: nowIso }).execute();
    await trx
      .insertInto('objectives')
      .values({ id: ids.objective, cycle_id: ids.cycle, title: 'Ship the big epic', description: '', owner_id: options.ownerId, parent_id: null, start_date: null, end_date: null, progress_mode: 'key_results', manual_progress: null, created_at: nowIso, updated_at: nowIso })
      .execute();
    await trx
      .insertInto('key_results')
      .values({ id: ids.keyResult, objective_id: ids.objective, title: 'Deliver the points', owner_id: options.ownerId, start_value: 0, target_value: 100, current_value: 0, unit: '%', weight: 1, created_at: nowIso, updated_at: nowIso })
      .execute();
    await trx.insertInto('jira_queries').values({ hash: queryHash, connection_id: ids.connection, jql: 'project = BEN', generation: 1, issue_count: options.issues, digest: null, synced_at: nowIso, created_at: nowIso }).execute();
    const link = (id: string, item: { objective_id: string | null; key_result_id: string | null }, metric: 'percent_done' | 'points_done', linkOptions: object) => ({
      id,
      ...item,
      type: 'jira' as const,
      connection_id: ids.connection,
      jql: 'project = BEN',
      metric,
      options: JSON.stringify(linkOptions),
      query_hash: queryHash,
      total: options.issues,
      done: null,
      progress: null,
      measured: null,
      last_synced_at: nowIso,
      last_attempt_at: nowIso,
      last_error_code: null,
      last_error_message: null,
      // Not due for a week: the server never syncs them while the benchmark runs (and Jira stays disabled).
      next_due_at: new Date(now + 7 * DAY_MS).toISOString(),
      sync_state: 'idle' as const,
      lease_owner: null,
      lease_expires_at: null,
      created_at: new Date(now - RUN_DAYS * DAY_MS).toISOString(),
      updated_at: nowIso,
      synced_query_hash: queryHash,
      synced_generation: 1,
    });
    await trx
      .insertInto('integration_links')
      .values([
        link(links.objective, { objective_id: ids.objective, key_result_id: null }, 'percent_done', {}),
        link(links.keyResult, { objective_id: null, key_result_id: ids.keyResult }, 'points_done', { doneRule: { type: 'statuses', statuses: ['Done', 'Closed'] } }),
      ])
      .execute();
  });

  for (const batch of chunked(issues, 1000)) {
    await db.transaction().execute(async (trx) => {
      for (const rows of chunked(batch, 250)) {
        await trx
          .insertInto('jira_issues')
          .values(
            rows.map((issue) => ({
              connection_id: ids.connection,
              issue_id: issue.id,
              issue_key: issue.key,
              sort_key: issue.id.padStart(20, '0'),
              summary: `Bench issue ${issue.key}`,
              status: issue.status,
              status_category: issue.resolved === null ? (issue.status === 'To Do' ? 'new' : 'indeterminate') : 'done',
              assignee: null,
              resolution: issue.resolved === null ? null : 'Done',
              created_at: issue.created,
              resolution_date: issue.resolved,
              status_category_changed_at: issue.resolved ?? issue.created,
              updated_at: issue.resolved ?? issue.created,
              story_points: issue.points,
              numeric_fields: '{}',
              content_hash: issue.id,
              mirrored_at: nowIso,
            })),
          )
          .execute();
        await trx
          .insertInto('jira_query_issues')
          .values(
            rows.map((issue) => ({
              query_hash: queryHash,
              connection_id: ids.connection,
              issue_id: issue.id,
              joined_generation: 1,
              left_generation: null,
              status: issue.status,
              status_category: issue.resolved === null ? (issue.status === 'To Do' ? 'new' : 'indeterminate') : 'done',
              has_resolution: issue.resolved === null ? 0 : 1,
              category_done_generation: issue.resolved === null ? null : 1,
              resolved_generation: issue.resolved === null ? null : 1,
              status_generation: 1,
            })),
          )
          .execute();
      }
    });
  }

  // The runs of both links: the first lists every issue; then a scheduled and a few webhook runs a day.
  const keys = issues.map((issue) => issue.key);
  const pick = (count: number) => Array.from({ length: count }, () => keys[Math.floor(next() * keys.length)] ?? 'BEN-1');
  let runs = 0;
  for (const [linkId, item] of [
    [links.objective, { objective_id: ids.objective, key_result_id: null }],
    [links.keyResult, { objective_id: null, key_result_id: ids.keyResult }],
  ] as const) {
    const rows = [];
    const first = now - RUN_DAYS * DAY_MS;
    const doneThen = Math.round(options.issues * 0.55);
    rows.push({ at: first, trigger: 'created' as const, added: keys, removed: [] as string[], newlyDone: [] as string[], reopened: [] as string[], scope: options.issues, done: doneThen });
    for (let day = 1; day <= RUN_DAYS; day++) {
      for (let k = 0; k <= WEBHOOK_RUNS_PER_DAY; k++) {
        const done = doneThen + Math.round(((options.issues * 0.7 - doneThen) * (day - 1 + k / (WEBHOOK_RUNS_PER_DAY + 1))) / RUN_DAYS);
        rows.push({
          at: first + day * DAY_MS - (WEBHOOK_RUNS_PER_DAY - k) * 3_600_000,
          trigger: k === 0 ? ('schedule' as const) : ('webhook' as const),
          added: pick(3),
          removed: pick(1),
          newlyDone: pick(8),
          reopened: pick(1),
          scope: options.issues,
          done,
        });
      }
    }
    const ordered = rows.filter((row) => row.at <= now);
    await db.transaction().execute(async (trx) => {
      let before: number | null = null;
      for (const batch of chunked(ordered, 100)) {
        await trx
          .insertInto('sync_runs')
          .values(
            batch.map((row) => {
              const progress = row.done / row.scope;
              const values = {
                id: crypto.randomUUID(),
                link_id: linkId,
                ...item,
                trigger: row.trigger,
                started_at: new Date(row.at - 2000).toISOString(),
                finished_at: new Date(row.at).toISOString(),
                outcome: 'ok' as const,
                error_code: null,
                error_message: null,
                jira_requests: 1,
                total: row.scope,
                done: row.done,
                progress_before: before,
                progress_after: progress,
                added_keys: JSON.stringify(row.added),
                removed_keys: JSON.stringify(row.removed),
                newly_done_keys: JSON.stringify(row.newlyDone),
                reopened_keys: JSON.stringify(row.reopened),
                scope_amount: row.scope,
                done_amount: row.done,
                note: '',
              };
              before = progress;
              return values;
            }),
          )
          .execute();
      }
    });
    runs += ordered.length;
  }
  return { objectiveId: ids.objective, keyResultId: ids.keyResult, runs, period };
}
