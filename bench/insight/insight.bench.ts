/**
 * The Jira insight of a link over 50,000 issues (issue 12, acceptance 5): GET
 * …/integration/insight answered by the real server (its own process) on SQLite and on PostgreSQL,
 * from the issue mirror and the recorded runs only (Jira stays disabled: it is never asked).
 * Sequential requests after a warm-up; the median is the figure, p95 and the slowest beside it,
 * with the machine's load average. Two links on the same 50,000 issues: an objective's
 * percent_done link (status-category rule) and a key result's points_done link with a
 * status-name rule; each has 45 days of runs (the first lists every issue). Target: median under
 * 300 ms.
 *
 *   npm run bench:insight [-- databases=sqlite,postgres issues=50000 requests=30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startPacer } from '../../test/support/pacer-process';
import { openMigrated, seedUser } from '../../test/support/bulk-seed';
import { createPostgresDatabase, startThrowawayPostgres, type ThrowawayPostgres } from '../../test/support/throwaway-postgres';
import { median, percentileOf } from '../jira-load/setup';
import { seedHistory } from './seed-history';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const DATABASES = (args.databases ?? 'sqlite,postgres').split(',');
const ISSUES = Number(args.issues ?? 50_000);
const REQUESTS = Number(args.requests ?? 30);
const WARM_UP = 5;
const TARGET_MEDIAN_MS = 300;

interface Figures {
  label: string;
  median: number;
  p95: number;
  max: number;
  bytes: number;
  seriesDays: number;
}

const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');

async function measure(baseUrl: string, token: string, label: string, itemPath: string): Promise<Figures> {
  const url = `${baseUrl}${itemPath}/integration/insight`;
  const headers = { authorization: `Bearer ${token}` };
  let bytes = 0;
  let seriesDays = 0;
  const ask = async () => {
    const started = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.text();
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`${label}: GET ${itemPath}/integration/insight answered ${response.status}: ${body.slice(0, 300)}`);
    const insight = JSON.parse(body) as { series: Array<{ scope: number }> };
    bytes = Buffer.byteLength(body);
    seriesDays = insight.series.length;
    if ((insight.series.at(-1)?.scope ?? 0) <= 0) throw new Error(`${label}: the series ends with no scope: ${body.slice(0, 300)}`);
    return ms;
  };
  for (let i = 0; i < WARM_UP; i++) await ask();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await ask());
  return { label, median: median(times), p95: percentileOf(times, 95), max: Math.max(...times), bytes, seriesDays };
}

async function benchmarkOn(dialect: string, postgres: ThrowawayPostgres | null) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-insight-'));
  const createdPg = dialect === 'postgres' && postgres ? await createPostgresDatabase(postgres.url, 'pacer_bench_insight') : null;
  const databaseUrl = createdPg ? createdPg.url : path.join(dataDir, 'pacer.sqlite');
  try {
    const seedStarted = performance.now();
    const database = await openMigrated(databaseUrl, dataDir);
    const admin = await seedUser(database.db, 'admin', 'admin');
    const seeded = await seedHistory(database.db, { issues: ISSUES, ownerId: admin.id });
    // PostgreSQL's autovacuum would gather statistics after a bulk load like this within a minute; do it now.
    if (database.dialect === 'postgres') await sql`analyze`.execute(database.db);
    await database.destroy();
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const pacer = await startPacer({ dataDir, databaseUrl, logLevel: 'warn', keepOutputChars: 20_000 });
    try {
      const loadBefore = load();
      const objective = await measure(pacer.baseUrl, admin.token, 'objective, percent_done', `/api/v1/objectives/${seeded.objectiveId}`);
      const keyResult = await measure(pacer.baseUrl, admin.token, 'key result, points_done, status names', `/api/v1/key-results/${seeded.keyResultId}`);
      return { dialect, seedSeconds, runs: seeded.runs, results: [objective, keyResult], load: `${loadBefore} → ${load()}` };
    } finally {
      await pacer.stop();
    }
  } finally {
    await createdPg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const postgres = DATABASES.includes('postgres') ? await startThrowawayPostgres() : null;
console.log(
  `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}${postgres ? `, ${postgres.version}` : ''}; ` +
    `insight of links over ${ISSUES.toLocaleString('en-US')} issues, ${REQUESTS} sequential requests after ${WARM_UP} warm-up; load average at start ${load()}\n`,
);
const rows: string[] = [];
let met = true;
try {
  for (const dialect of DATABASES) {
    const run = await benchmarkOn(dialect, postgres);
    console.log(`${dialect}: seeded in ${run.seedSeconds.toFixed(1)} s (${run.runs} runs over both links); load average ${run.load}`);
    for (const result of run.results) {
      const ok = result.median < TARGET_MEDIAN_MS;
      met &&= ok;
      console.log(
        `  ${result.label.padEnd(40)} median ${result.median.toFixed(1).padStart(6)} ms  p95 ${result.p95.toFixed(1).padStart(6)} ms  max ${result.max.toFixed(1).padStart(6)} ms  ` +
          `(${result.seriesDays} days, ${(result.bytes / 1024).toFixed(1)} KiB) ${ok ? 'met' : 'MISSED'}`,
      );
      rows.push(`| ${dialect} | ${result.label} | ${result.median.toFixed(0)} | ${result.p95.toFixed(0)} | ${result.max.toFixed(0)} | ${run.load} |`);
    }
  }
} finally {
  postgres?.stop();
}
console.log(`\nTarget: median < ${TARGET_MEDIAN_MS} ms: ${met ? 'met' : 'MISSED'}`);
console.log('| database | link | median ms | p95 ms | max ms | load average (start → end) |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
process.exitCode = met ? 0 : 1;
