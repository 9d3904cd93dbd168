/**
 * Issue 14, acceptance 5: an import of a Viva Goals organisation export of 5,000 objectives
 * (Big rocks and Kpis aligned to them) with 50,000 check-ins, on SQLite and PostgreSQL. The ZIP is
 * generated here (viva-organisation-generator.ts); each database runs in its own process
 * (viva-import-run.ts): parse → plan → commit with the wall time of each stage and the process's
 * peak RSS, then the same file again (it must create nothing). PostgreSQL is a throwaway server
 * with fsync on. Exits non-zero when the import does not finish or the second one creates rows.
 *
 *   npm run bench:import [-- databases=sqlite,postgres objectives=5000 checkins=50000]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnTsx } from '../../test/support/pacer-process';
import { createPostgresDatabase, startThrowawayPostgres } from '../../test/support/throwaway-postgres';
import { generateVivaOrganisation } from './viva-organisation-generator';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const DATABASES = (args.databases ?? 'sqlite,postgres').split(',');
const OBJECTIVES = Number(args.objectives ?? 5_000);
const CHECKINS = Number(args.checkins ?? 50_000);

interface RunFigures {
  dialect: string;
  first: { parse: number; plan: number; commit: number; total: number; created: Record<string, number>; skipped: number; warnings: number };
  again: { parse: number; plan: number; commit: number; total: number; created: Record<string, number>; matched: Record<string, number> };
  rows: Record<string, number>;
  rssBeforeMb: number;
  /** Peak RSS when the first import had finished; peakRssMb is after the second as well. */
  peakRssFirstMb: number;
  peakRssMb: number;
}

const load = () => os.loadavg().map((value) => value.toFixed(1)).join(' ');

async function runOn(dialect: string, zipFile: string, postgresUrl: string | null): Promise<RunFigures & { load: string }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-import-'));
  const createdPg = dialect === 'postgres' && postgresUrl ? await createPostgresDatabase(postgresUrl, 'pacer_bench_import') : null;
  const url = createdPg ? createdPg.url : path.join(dataDir, 'pacer.sqlite');
  const loadBefore = load();
  try {
    const { child, output } = spawnTsx('bench/import/viva-import-run.ts', [`zip=${zipFile}`, `url=${url}`, `dir=${dataDir}`], { ...process.env }, 200_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const text = output();
    const line = text.split('\n').find((candidate) => candidate.startsWith('{"dialect"'));
    if (code !== 0 || !line) throw new Error(`${dialect}: the import run failed (exit ${code}):\n${text.slice(-4000)}`);
    return { ...(JSON.parse(line) as RunFigures), load: `${loadBefore} → ${load()}` };
  } finally {
    await createdPg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const generatedStarted = performance.now();
const generated = generateVivaOrganisation({ objectives: OBJECTIVES, checkins: CHECKINS });
const zipDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-import-zip-'));
const zipFile = path.join(zipDir, 'viva-organisation.zip');
writeFileSync(zipFile, generated.zip);
const postgres = DATABASES.includes('postgres') ? await startThrowawayPostgres() : null;
console.log(
  `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}${postgres ? `, ${postgres.version}` : ''}; ` +
    `Viva organisation ZIP of ${OBJECTIVES.toLocaleString('en-US')} objectives (${generated.bigRocks} Big rocks, ${generated.kpis} Kpis), ` +
    `${generated.checkins.toLocaleString('en-US')} check-ins, ${generated.comments} comments: ${(generated.zip.length / 1024 / 1024).toFixed(1)} MB, generated in ` +
    `${((performance.now() - generatedStarted) / 1000).toFixed(1)} s; load average at start ${load()}\n`,
);
const rows: string[] = [];
let ok = true;
try {
  for (const dialect of DATABASES) {
    const run = await runOn(dialect, zipFile, postgres?.url ?? null);
    const createdAgain = Object.values(run.again.created).reduce((sum, n) => sum + n, 0);
    ok &&= createdAgain === 0 && run.rows.checkins === run.first.created.checkin;
    const stages = (figures: { parse: number; plan: number; commit: number; total: number }) =>
      `parse ${figures.parse.toFixed(2)} s, plan ${figures.plan.toFixed(2)} s, commit ${figures.commit.toFixed(2)} s (total ${figures.total.toFixed(2)} s)`;
    console.log(`${dialect}: first import ${stages(run.first)}; created ${JSON.stringify(run.first.created)}, ${run.first.skipped} skipped, ${run.first.warnings} warnings`);
    console.log(`${' '.repeat(dialect.length)}  again        ${stages(run.again)}; created ${createdAgain}, matched ${JSON.stringify(run.again.matched)}`);
    console.log(`${' '.repeat(dialect.length)}  rows ${JSON.stringify(run.rows)}; RSS before ${run.rssBeforeMb.toFixed(0)} MB, peak ${run.peakRssFirstMb.toFixed(0)} MB after the first import, ${run.peakRssMb.toFixed(0)} MB after both; load average ${run.load}`);
    rows.push(
      `| ${dialect} | ${run.first.parse.toFixed(2)} | ${run.first.plan.toFixed(2)} | ${run.first.commit.toFixed(2)} | ${run.first.total.toFixed(2)} | ` +
        `${run.again.total.toFixed(2)} (${createdAgain} created) | ${run.peakRssFirstMb.toFixed(0)} | ${run.load} |`,
    );
  }
} finally {
  postgres?.stop();
  rmSync(zipDir, { recursive: true, force: true });
}
console.log('\n| database | parse s | plan s | commit s | first import s | same file again s | peak RSS MB (first import) | load average (start → end) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(ok ? '\nThe import finished; importing the same file again created nothing.' : '\nFAILED: see the rows above.');
process.exitCode = ok ? 0 : 1;
