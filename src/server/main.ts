/**
 * Starts Pacer: config → data folder → database → migrations → the process's role → listen. Any
 * problem before listening is printed as one clear line and the process exits 1.
 *
 *   node --max-semi-space-size=16 dist/server/main.js [all|serve|worker]
 *       (or PACER_ROLE; default all; `npm start` builds it; the flag: tools/server-node-flags.mjs)
 *   tsx src/server/main.ts [all|serve|worker]      (`npm run dev`, the tests)
 *
 * all: the web app, the API and the Jira syncs in one process (the only choice on SQLite, where
 * jobs run in-process). On PostgreSQL jobs go through the pg-boss queue, and any number of `serve`
 * (web + API) and `worker` (syncs, with a health and metrics port) processes can share one
 * database; Jira request limits are shared by all of them through the database. Either way the
 * same job definitions (jobs/definitions) run; only the provider differs, picked once below.
 */
import { mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, PROCESS_ROLES, type Config, type ProcessRole } from './config';
import { createDatabase, PRIVATE_FOLDER_MODE, type PacerDatabase } from './db/database';
import { MigrationMismatchError } from './db/migrate';
import { migrateOneAtATime } from './db/migration-lock';
import { releaseAllLeases } from './db/repositories/integration-links-repository';
import { createInProcessJobs } from './jobs/providers/in-process';
import { startPgBossJobs } from './jobs/providers/pg-boss/pg-boss-provider';
import type { JobProvider } from './jobs/providers/provider';
import { limitHeapGrowth } from './heap-growth';
import { createLogger } from './logger';
import { loadOrCreateSecretKey } from './secrets/secret-box';
import { startBanner } from './start-banner';
import { createInMemoryJiraLimits, useJiraRequestLimits, type JiraRequestLimits } from './services/sync/jira-request-limits';
import { startSharedJiraLimits } from './services/sync/shared-jira-limits';
import { startWorkerHttp } from './worker-http';

function exitWith(message: string): never {
  process.stderr.write(`Pacer cannot start: ${message}\n`);
  process.exit(1);
}

/** The role named on the command line, if any; it wins over PACER_ROLE. */
function roleFromArguments(args: string[]): ProcessRole | undefined {
  const [first, ...rest] = args;
  if (first === undefined) return undefined;
  const role = PROCESS_ROLES.find((candidate) => candidate === first);
  if (!role || rest.length > 0) {
    exitWith(`unknown arguments "${args.join(' ')}". Usage: pacer [${PROCESS_ROLES.join('|')}] (serve: web and API; worker: Jira syncs, PostgreSQL only; all: both, the default).`);
  }
  return role;
}

function loadConfigOrExit(role: ProcessRole | undefined): Config {
  try {
    return loadConfig(role ? { ...process.env, PACER_ROLE: role } : process.env);
  } catch (error) {
    if (error instanceof ConfigError) exitWith(error.message);
    throw error;
  }
}

/** PACER_SECRET_KEY, else `<dataDir>/secret.key`, generated with mode 0600 on first start. */
async function loadSecretKeyOrExit(config: Config, logger: Logger): Promise<Buffer> {
  if (config.secretKey) return config.secretKey;
  try {
    const loaded = await loadOrCreateSecretKey({ dataDir: config.dataDir });
    // Where the key lives, never the key: losing it makes the stored Jira secrets unreadable.
    if (loaded.source === 'generated') logger.info({ keyFile: loaded.filePath }, 'generated a new secret key; back it up with the database');
    return loaded.key;
  } catch (error) {
    exitWith(error instanceof Error ? error.message : String(error));
  }
}

async function openMigratedDatabaseOrExit(config: Config, logger: Logger): Promise<PacerDatabase> {
  let database: PacerDatabase | null = null;
  try {
    database = createDatabase(config);
    const applied = await migrateOneAtATime(database.db, database.dialect);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    return database;
  } catch (error) {
    await database?.destroy().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    const hint = error instanceof MigrationMismatchError ? '' : ' Check DATABASE_URL and that the database server is reachable.';
    exitWith(`${reason.replace(/\.?$/, '.')}${hint}`);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(roleFromArguments(process.argv.slice(2)));
  limitHeapGrowth(config.heapGrowingPercent);
  // For the person at the terminal, before the first JSON line (stdout, like the logs, so the order holds).
  process.stdout.write(startBanner(config));
  const logger = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  const secretKey = await loadSecretKeyOrExit(config, logger);
  const database = await openMigratedDatabaseOrExit(config, logger);
  const { role } = config;

  let limits: JiraRequestLimits;
  let jobs: JobProvider;
  let server: FastifyInstance | null = null;
  const jobContext = { db: database.db, secretKey, config, log: logger, now: () => new Date() };

  if (config.database.kind === 'postgres') {
    const connectionString = config.database.connectionString;
    limits = await startSharedJiraLimits({
      connectionString,
      maxInFlight: config.jiraMaxInFlight,
      slotWaitMs: config.jiraSlotWaitSeconds * 1000,
      log: logger,
    });
    useJiraRequestLimits(database.db, limits);
    // The queue in the database: serve processes only enqueue; workers (and `all`) run the jobs and the schedules.
    jobs = await startPgBossJobs({ context: jobContext, connectionString, runWorkers: role !== 'serve', log: logger });
  } else {
    limits = createInMemoryJiraLimits(config.jiraMaxInFlight, { slotWaitMs: config.jiraSlotWaitSeconds * 1000 });
    useJiraRequestLimits(database.db, limits);
    if (role === 'serve') logger.info({}, 'on SQLite there are no separate workers: this process also runs the Jira syncs');
    // One process owns a SQLite database: a lease found now belongs to a process killed mid-sync,
    // and waiting for it to run out would leave items "syncing" and refreshes refused meanwhile.
    const released = await releaseAllLeases(database.db);
    if (released > 0) logger.warn({ links: released }, 'released Jira sync leases left by a previous process that stopped mid-sync');
    // One process: jobs wait in memory and the schedules run on timers here.
    jobs = createInProcessJobs({ context: jobContext, schedules: true });
  }

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    try {
      // Let syncs in progress commit before the database closes.
      await jobs.stop();
      await server?.close();
      await limits.close();
      await database.destroy();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  if (role === 'worker') {
    server = await startWorkerHttp({ port: config.port, db: database.db, metricsToken: config.metricsToken, logger });
    logger.info({ database: 'postgres', concurrency: config.workerConcurrency }, `Pacer worker is running (health and metrics on port ${config.port})`);
    return;
  }
  const app = await buildApp({ config, db: database, logger, secretKey, jobs });
  server = app;
  await app.listen({ host: '0.0.0.0', port: config.port });
  logger.info(
    { database: config.database.kind, dataDir: config.dataDir, role },
    `Pacer is running at http://localhost:${config.port} (API docs at /api/docs)`,
  );
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Pacer stopped: ${reason}\n`);
  process.exit(1);
});
