/**
 * One database's part of bench:import, in its own process so its peak RSS is its own: reads the
 * generated ZIP, then parse → plan (against what the database holds) → commit, each stage timed,
 * then the same file again (all matched, nothing created). Prints one JSON line for the parent
 * (viva-import.bench.ts). Usage: tsx viva-import-run.ts zip=<file> url=<database URL> dir=<data dir>
 */
import { readFileSync } from 'node:fs';
import { openMigrated, seedUser } from '../../test/support/bulk-seed';
import { parseVivaExport } from '../../src/server/imports/viva-export-parser';
import { planVivaImport } from '../../src/server/imports/viva-import-plan';
import { commitImportPlan, loadExistingPacerData } from '../../src/server/services/imports/import-commit-service';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split(/=(.*)/s).slice(0, 2) as [string, string]));
const { zip: zipFile, url, dir } = args;
if (!zipFile || !url || !dir) throw new Error('usage: viva-import-run.ts zip=<file> url=<database URL> dir=<data dir>');

const seconds = (started: number) => (performance.now() - started) / 1000;
const database = await openMigrated(url, dir);
const admin = await seedUser(database.db, 'admin', 'importer');
const bytes = new Uint8Array(readFileSync(zipFile));
const rssBefore = process.memoryUsage().rss;

async function importOnce() {
  let started = performance.now();
  const model = parseVivaExport(bytes);
  const parse = seconds(started);
  started = performance.now();
  const plan = planVivaImport(model, await loadExistingPacerData(database.db));
  const planSeconds = seconds(started);
  started = performance.now();
  const report = await commitImportPlan(database.db, plan, { actorId: admin.id, now: new Date() });
  return { parse, plan: planSeconds, commit: seconds(started), report };
}

const totalStarted = performance.now();
const first = await importOnce();
const firstTotal = seconds(totalStarted);
const peakAfterFirst = process.resourceUsage().maxRSS / 1024;
const againStarted = performance.now();
const again = await importOnce();
const againTotal = seconds(againStarted);
const count = async (table: 'objectives' | 'key_results' | 'check_ins' | 'comments') =>
  Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const rows = { objectives: await count('objectives'), keyResults: await count('key_results'), checkins: await count('check_ins'), comments: await count('comments') };
await database.destroy();
console.log(
  JSON.stringify({
    dialect: database.dialect,
    first: { parse: first.parse, plan: first.plan, commit: first.commit, total: firstTotal, created: first.report.created, skipped: first.report.skipped.length, warnings: first.report.warnings.length },
    again: { parse: again.parse, plan: again.plan, commit: again.commit, total: againTotal, created: again.report.created, matched: again.report.matched },
    rows,
    rssBeforeMb: rssBefore / 1024 / 1024,
    peakRssFirstMb: peakAfterFirst,
    // maxRSS is in kilobytes on Linux.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
