/**
 * Configuration from environment variables, read and validated once at boot. Everything else
 * receives the parsed `Config`; nothing else reads process.env, so a bad value fails the start
 * with one message naming the variable instead of surfacing later as a confusing runtime error.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { parseSecretKey, SecretKeyError } from './secrets/secret-box';

export type DatabaseConfig =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; connectionString: string };

export interface Config {
  port: number;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: LogLevel;
  /**
   * Public origin (scheme://host[:port]): the only origin the CSRF check accepts when set; https
   * here also makes the session cookie Secure and turns on HSTS.
   */
  publicUrl: URL | null;
  /**
   * PACER_TRUSTED_PROXIES: addresses / CIDRs (or proxy-addr's `loopback`, `linklocal`,
   * `uniquelocal`) whose X-Forwarded-* headers count. Empty: the socket address is the client.
   */
  trustedProxies: string[];
  /**
   * PACER_ROLE (or the first argument of main.ts): `all` (default) serves the web app and API and
   * runs the Jira syncs; `serve` only serves; `worker` only runs syncs (PostgreSQL only).
   */
  role: ProcessRole;
  /** PACER_WORKER_CONCURRENCY: sync jobs one worker process runs at once (PostgreSQL queue). */
  workerConcurrency: number;
  /** PACER_JIRA_MAX_IN_FLIGHT: requests in flight to one Jira connection, across every process. */
  jiraMaxInFlight: number;
  /** PACER_JIRA_INTERACTIVE_PER_USER: Jira-backed previews, saves and refreshes one user may have running at once (more: 429). */
  jiraInteractivePerUser: number;
  /** PACER_JIRA_SLOT_WAIT_SECONDS: how long a Jira request waits for a free request slot before failing as `busy`. */
  jiraSlotWaitSeconds: number;
  /** PACER_SYNC_JOB_TIMEOUT_SECONDS: a queued sync job running longer is given to another worker. */
  syncJobTimeoutSeconds: number;
  /** PACER_METRICS_TOKEN: a bearer token that may read GET /metrics (admins' API tokens may too). */
  metricsToken: string | null;
  /**
   * PACER_SECRET_KEY: the 32-byte key that encrypts Jira secrets at rest. When null, main.ts loads
   * (or generates on first start) `<dataDir>/secret.key`.
   */
  secretKey: Buffer | null;
  /** PACER_SYNC_TICK_SECONDS: how often the scheduler looks for Jira links due to sync (0 turns it off). */
  syncTickSeconds: number;
  /**
   * PACER_SYNC_LEASE_SECONDS: how long a scheduled round's claim on a link holds (default 600). A
   * round that dies (the process is killed) leaves its links to the next round once this has passed.
   */
  syncLeaseSeconds: number;
  /**
   * PACER_LIST_CACHE_MB: memory for whole OKR-list answers kept while no OKR data changes (see
   * services/answer-cache.ts); 0 turns the cache off.
   */
  listCacheBytes: number;
  /**
   * PACER_HEAP_GROWING_PERCENT: after a full garbage collection V8's heap may grow by this share of
   * what survived before the next one (default 25; 0 leaves V8's own factor of 10-300 %). See
   * heap-growth.ts: it keeps a sync round's memory near what it holds live.
   */
  heapGrowingPercent: number;
  /**
   * PACER_WEBHOOK_DEBOUNCE_MS: how long a link affected by a Jira webhook waits for more events
   * before it syncs, so a burst of changes becomes one sync (default 3000).
   */
  webhookDebounceMs: number;
}

export const PROCESS_ROLES = ['all', 'serve', 'worker'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A configuration problem: the message names the variable and says what to set instead. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const blankToUndefined = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A whole number from an environment variable, between min and max, with a default. */
function wholeNumber(min: number, max: number, fallback: number, unit: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, `must be a whole number${unit}, e.g. ${fallback}`)
      .transform(Number)
      .refine((value) => value >= min && value <= max, `must be between ${min} and ${max}`)
      .default(fallback),
  );
}

const envSchema = z.object({
  PACER_ROLE: z.preprocess(
    blankToUndefined,
    z.enum(PROCESS_ROLES, { error: `must be one of ${PROCESS_ROLES.join(', ')}` }).default('all'),
  ),
  PACER_WORKER_CONCURRENCY: wholeNumber(1, 64, 8, ''),
  PACER_JIRA_MAX_IN_FLIGHT: wholeNumber(1, 64, 4, ''),
  PACER_JIRA_INTERACTIVE_PER_USER: wholeNumber(1, 64, 2, ''),
  PACER_JIRA_SLOT_WAIT_SECONDS: wholeNumber(1, 600, 30, ' of seconds'),
  PACER_SYNC_JOB_TIMEOUT_SECONDS: wholeNumber(5, 3600, 300, ' of seconds'),
  PACER_SYNC_LEASE_SECONDS: wholeNumber(5, 86_400, 600, ' of seconds'),
  PACER_LIST_CACHE_MB: wholeNumber(0, 4096, 64, ' of megabytes'),
  PACER_HEAP_GROWING_PERCENT: wholeNumber(0, 400, 25, ' (a percentage; 0 leaves V8 to choose)'),
  PACER_METRICS_TOKEN: z.preprocess(
    blankToUndefined,
    z.string().min(16, 'must be at least 16 characters (e.g. the output of `openssl rand -hex 24`)').optional(),
  ),
  PORT: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number between 1 and 65535, e.g. 8080')
      .transform(Number)
      .refine((port) => port >= 1 && port <= 65535, 'must be between 1 and 65535, e.g. 8080')
      .default(8080),
  ),
  PACER_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(blankToUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    blankToUndefined,
    z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  ),
  PACER_PUBLIC_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://okr.example.com' })
      .optional(),
  ),
  PACER_TRUSTED_PROXIES: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((text, context) => {
        const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
        const bad = entries.filter((entry) => !isProxyAddress(entry));
        if (bad.length > 0) {
          context.addIssue({
            code: 'custom',
            message: `has entries that are not addresses or CIDRs (${bad.join(', ')}); list the reverse proxy's addresses, e.g. 10.0.0.5,192.168.1.0/24`,
          });
          return z.NEVER;
        }
        return entries;
      })
      .default([]),
  ),
  PACER_SYNC_TICK_SECONDS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of seconds, e.g. 30 (0 turns scheduled Jira syncs off)')
      .transform(Number)
      .refine((seconds) => seconds <= 3600, 'must be at most 3600 seconds')
      .default(30),
  ),
  PACER_WEBHOOK_DEBOUNCE_MS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds, e.g. 3000')
      .transform(Number)
      .refine((ms) => ms <= 600_000, 'must be at most 600000 (10 minutes)')
      .default(3000),
  ),
  PACER_SECRET_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((text, context) => {
        try {
          return parseSecretKey(text);
        } catch (error) {
          if (!(error instanceof SecretKeyError)) throw error;
          context.addIssue({
            code: 'custom',
            message: 'must be 32 random bytes written as 64 hex characters or as base64 (e.g. the output of `openssl rand -base64 32`)',
          });
          return z.NEVER;
        }
      })
      .optional(),
  ),
});

/** Named ranges Fastify's trustProxy (proxy-addr) understands. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An IPv4/IPv6 address, a CIDR (address/prefix) or a named range. */
function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Variables whose values must never be echoed in an error message. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'PACER_SECRET_KEY', 'PACER_METRICS_TOKEN']);

export function parseDatabaseUrl(value: string | undefined, dataDir: string): DatabaseConfig {
  if (value === undefined) return { kind: 'sqlite', filename: path.join(dataDir, 'pacer.sqlite') };
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError(
        `DATABASE_URL "${redactUrlPassword(value)}" is not a valid URL; use postgres://user:password@host:5432/database.`,
      );
    }
    return { kind: 'postgres', connectionString: value };
  }
  if (/^sqlite:/i.test(value)) {
    // sqlite:/abs/path and sqlite:///abs/path name an absolute file, sqlite:relative/path a relative one.
    const rest = value.slice('sqlite:'.length);
    const filename = rest.startsWith('//') ? rest.slice(2) : rest;
    if (filename === '') throw new ConfigError('DATABASE_URL "sqlite:" names no file; use sqlite:/path/to/pacer.sqlite.');
    return { kind: 'sqlite', filename };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError(
      `DATABASE_URL uses an unsupported scheme "${value.split(':')[0]}"; use postgres://… for PostgreSQL or sqlite:/path (or a plain file path) for SQLite.`,
    );
  }
  return { kind: 'sqlite', filename: value };
}

function redactUrlPassword(value: string): string {
  return value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      const raw = env[variable];
      const shown = SECRET_VARIABLES.has(variable) || raw === undefined ? '' : ` (got "${raw}")`;
      return `${variable}${shown} ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}.`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.PACER_DATA_DIR);
  const database = parseDatabaseUrl(values.DATABASE_URL, dataDir);
  if (values.PACER_ROLE === 'worker' && database.kind === 'sqlite') {
    throw new ConfigError(
      'PACER_ROLE "worker" needs PostgreSQL: with SQLite there is one Pacer process, which runs the syncs itself. ' +
        'Start Pacer without a role (or with "all"), or set DATABASE_URL to a postgres:// URL to run separate workers.',
    );
  }
  return {
    port: values.PORT,
    dataDir,
    database,
    logLevel: values.LOG_LEVEL,
    publicUrl: values.PACER_PUBLIC_URL ? new URL(values.PACER_PUBLIC_URL) : null,
    trustedProxies: values.PACER_TRUSTED_PROXIES,
    role: values.PACER_ROLE,
    workerConcurrency: values.PACER_WORKER_CONCURRENCY,
    jiraMaxInFlight: values.PACER_JIRA_MAX_IN_FLIGHT,
    jiraInteractivePerUser: values.PACER_JIRA_INTERACTIVE_PER_USER,
    jiraSlotWaitSeconds: values.PACER_JIRA_SLOT_WAIT_SECONDS,
    syncJobTimeoutSeconds: values.PACER_SYNC_JOB_TIMEOUT_SECONDS,
    metricsToken: values.PACER_METRICS_TOKEN ?? null,
    secretKey: values.PACER_SECRET_KEY ?? null,
    syncTickSeconds: values.PACER_SYNC_TICK_SECONDS,
    syncLeaseSeconds: values.PACER_SYNC_LEASE_SECONDS,
    listCacheBytes: values.PACER_LIST_CACHE_MB * 1024 * 1024,
    heapGrowingPercent: values.PACER_HEAP_GROWING_PERCENT,
    webhookDebounceMs: values.PACER_WEBHOOK_DEBOUNCE_MS,
  };
}
