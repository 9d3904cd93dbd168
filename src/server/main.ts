/**
 * Starts Pacer: config → data folder → database → migrations → app → listen. Any problem before
 * listening is printed as one clear line and the process exits 1.
 */
import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createDatabase, type PacerDatabase } from './db/database';
import { MigrationMismatchError, migrateToLatest } from './db/migrate';
import { startScheduler, type Scheduler } from './jobs/scheduler';
import { createLogger } from './logger';
import { loadOrCreateSecretKey } from './secrets/secret-box';

function loadConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Pacer cannot start: ${error.message}\n`);
      process.exit(1);
    }
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
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Pacer cannot start: ${reason}\n`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });

  const secretKey = await loadSecretKeyOrExit(config, logger);

  let database: PacerDatabase | null = null;
  try {
    database = createDatabase(config);
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    await database?.destroy().catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    const hint = error instanceof MigrationMismatchError ? '' : ' Check DATABASE_URL and that the database server is reachable.';
    process.stderr.write(`Pacer cannot start: ${reason.replace(/\.?$/, '.')}${hint}\n`);
    process.exit(1);
  }

  const app = await buildApp({ config, db: database, logger, secretKey });
  let scheduler: Scheduler | null = null;
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    try {
      // Let a sync round in progress commit before the database closes.
      await scheduler?.stop();
      await app.close();
      await database?.destroy();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ host: '0.0.0.0', port: config.port });
  scheduler = startScheduler({ db: database.db, secretKey, config, log: logger, now: () => new Date() });
  logger.info(
    { database: config.database.kind, dataDir: config.dataDir },
    `Pacer is running at http://localhost:${config.port} (API docs at /api/docs)`,
  );
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`Pacer stopped: ${reason}\n`);
  process.exit(1);
});
