/**
 * The few plain lines `npm start` prints before the JSON logs (issue 15): where to open Pacer, which
 * database it uses and what this process does. Written for a person at a terminal; the JSON lines
 * that follow are for log collectors. Never a secret: a PostgreSQL URL is shown without its user
 * and password, and PACER_SECRET_KEY or tokens are not mentioned at all.
 */
import type { Config, DatabaseConfig, ProcessRole } from './config';

const ROLE_DESCRIPTIONS: Record<ProcessRole, string> = {
  all: 'all (web app, API and Jira syncs in this process)',
  serve: 'serve (web app and API; Jira syncs run in worker processes)',
  worker: 'worker (Jira syncs only; no web app or API)',
};

/** "SQLite, <file>" or "PostgreSQL, <host>:<port>/<database>": where the data is, without credentials. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.kind === 'sqlite') return `SQLite, ${database.filename}`;
  try {
    const url = new URL(database.connectionString);
    const name = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
    return `PostgreSQL, ${url.host || 'localhost'}/${name}`;
  } catch {
    // config.ts accepted it, so it parses; should it ever not, naming no part of it is the safe answer.
    return 'PostgreSQL';
  }
}

/** The banner's lines, ending with a newline. */
export function startBanner(config: Config): string {
  const local = `http://localhost:${config.port}`;
  const lines =
    config.role === 'worker'
      ? ['Pacer worker', `  Health:    ${local}/api/v1/health (and ${local}/metrics)`]
      : [
          'Pacer',
          `  Open:      ${config.publicUrl ? `${config.publicUrl.origin} (PACER_PUBLIC_URL; this process listens on ${local})` : local}`,
          `  API docs:  ${config.publicUrl?.origin ?? local}/api/docs`,
        ];
  lines.push(
    `  Role:      ${ROLE_DESCRIPTIONS[config.role]}`,
    `  Database:  ${describeDatabase(config.database)}`,
    `  Data:      ${config.dataDir}`,
    config.logLevel === 'silent' ? 'Logs are off (LOG_LEVEL=silent).' : `Logs follow as JSON lines (LOG_LEVEL=${config.logLevel}).`,
  );
  return `${lines.join('\n')}\n`;
}
