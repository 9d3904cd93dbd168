/**
 * Runs one integration suite on SQLite and on PostgreSQL against a real app (buildApp + inject).
 * Each suite gets a fresh database: a temp SQLite file, or a new database created on the
 * throwaway PostgreSQL server from the global setup and dropped afterwards.
 *
 *   describeEachDatabase('cycles', (ctx) => {
 *     test('admin creates a cycle', async () => {
 *       const admin = await ctx().setupAdmin();
 *       const res = await ctx().request('POST', '/api/v1/cycles', { as: admin, body: {...} });
 *       expect(res.statusCode).toBe(201);
 *     });
 *   });
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { buildApp, type App } from '../../src/server/app';
import { loadConfig, type Config } from '../../src/server/config';
import { createDatabase, type DialectName, type PacerDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import type { Database } from '../../src/server/db/schema';
import { createLogger } from '../../src/server/logger';
import type { UserDto } from '../../src/server/services/users-service';
import { createPostgresDatabase } from './throwaway-postgres';

/** A caller: a browser session (cookie + matching Origin) or a script (bearer token). */
export type Actor =
  | { kind: 'cookie'; user: UserDto; password: string; cookie: string }
  | { kind: 'bearer'; user: UserDto; password: string; token: string };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface RequestOptions {
  /** An object is sent as JSON; a string is sent as-is with Content-Type: application/json (for broken JSON). */
  body?: unknown;
  as?: Actor;
  headers?: Record<string, string>;
  remoteAddress?: string;
}

export interface AppTestContext {
  app: App;
  dialect: DialectName;
  db: Kysely<Database>;
  config: Config;
  /** The key the app encrypts secrets with (random per suite). */
  secretKey: Buffer;
  /** Every line the app logged (at debug level and up), as written, for tests that search the logs. */
  logLines: string[];
  request(method: HttpMethod, url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
  /** The first admin (created via POST /api/v1/setup on first call, then reused). */
  setupAdmin(): Promise<Actor>;
  /** A new member (or admin with role) created by the admin and signed in; bearer: true gives a token actor. */
  createMember(options?: { role?: 'admin' | 'member'; bearer?: boolean; name?: string }): Promise<Actor>;
  /** An actor for the same user that authenticates with a new API token. */
  withBearer(actor: Actor): Promise<Actor>;
}

export const SERVER_ORIGIN = 'http://localhost';
export const ADMIN_PASSWORD = 'correct horse battery staple';

let uniqueCounter = 0;
function unique(): string {
  uniqueCounter += 1;
  return `${Date.now().toString(36)}${uniqueCounter}${randomBytes(2).toString('hex')}`;
}

function sessionCookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'pacer_session');
  if (!cookie) throw new Error(`expected a pacer_session cookie, got status ${response.statusCode}: ${response.body}`);
  return `pacer_session=${cookie.value}`;
}

/** Extra environment variables for a suite's app (e.g. PACER_TRUSTED_PROXIES), and its web folder. */
export interface SuiteOptions {
  env?: Record<string, string>;
  webRoot?: string;
}

async function openContext(dialect: DialectName, options: SuiteOptions = {}): Promise<{ ctx: AppTestContext; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-test-'));
  let dropPostgres: (() => Promise<void>) | null = null;
  let databaseUrl = path.join(dataDir, 'pacer.sqlite');
  if (dialect === 'postgres') {
    const created = await createPostgresDatabase(inject('postgresUrl'));
    databaseUrl = created.url;
    dropPostgres = created.drop;
  }
  const config = loadConfig({ ...options.env, PACER_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const database: PacerDatabase = createDatabase(config);
  await migrateToLatest(database.db);
  const secretKey = randomBytes(32);
  const logLines: string[] = [];
  const logSink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const app = await buildApp({ config, db: database, secretKey, logger: createLogger('debug', logSink), webRoot: options.webRoot });
  await app.ready();

  const request: AppTestContext['request'] = async (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const actor = options.as;
    if (actor?.kind === 'cookie') {
      headers.cookie = actor.cookie;
      headers.origin ??= SERVER_ORIGIN;
    } else if (actor?.kind === 'bearer') {
      headers.authorization = `Bearer ${actor.token}`;
    }
    const injectOptions: InjectOptions = { method, url, headers, remoteAddress: options.remoteAddress };
    if (typeof options.body === 'string') {
      injectOptions.payload = options.body;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      injectOptions.payload = options.body as InjectOptions['payload'];
    }
    return app.inject(injectOptions);
  };

  let admin: Actor | null = null;
  const setupAdmin = async (): Promise<Actor> => {
    if (admin) return admin;
    const user = { email: 'admin@example.com', name: 'Ada Admin', password: ADMIN_PASSWORD };
    const response = await request('POST', '/api/v1/setup', { body: user });
    if (response.statusCode !== 201) throw new Error(`set-up failed: ${response.statusCode} ${response.body}`);
    admin = { kind: 'cookie', user: response.json<{ user: UserDto }>().user, password: user.password, cookie: sessionCookieOf(response) };
    return admin;
  };

  const withBearer = async (actor: Actor): Promise<Actor> => {
    const response = await request('POST', '/api/v1/tokens', { as: actor, body: { name: `test token ${unique()}` } });
    if (response.statusCode !== 201) throw new Error(`token creation failed: ${response.statusCode} ${response.body}`);
    return { kind: 'bearer', user: actor.user, password: actor.password, token: response.json<{ token: string }>().token };
  };

  const createMember: AppTestContext['createMember'] = async (options = {}) => {
    const creator = await setupAdmin();
    const id = unique();
    const body = { email: `member-${id}@example.com`, name: options.name ?? `Member ${id}`, password: `password-${id}`, role: options.role ?? 'member' };
    const created = await request('POST', '/api/v1/users', { as: creator, body });
    if (created.statusCode !== 201) throw new Error(`user creation failed: ${created.statusCode} ${created.body}`);
    // Each helper login comes from its own address so that suites never trip the per-IP login limit.
    uniqueCounter += 1;
    const remoteAddress = `10.${(uniqueCounter >> 16) & 255}.${(uniqueCounter >> 8) & 255}.${uniqueCounter & 255}`;
    const login = await request('POST', '/api/v1/auth/login', { body: { email: body.email, password: body.password }, remoteAddress });
    const actor: Actor = { kind: 'cookie', user: created.json<UserDto>(), password: body.password, cookie: sessionCookieOf(login) };
    return options.bearer ? withBearer(actor) : actor;
  };

  const ctx: AppTestContext = { app, dialect, db: database.db, config, secretKey, logLines, request, setupAdmin, createMember, withBearer };
  const close = async () => {
    await app.close();
    await database.destroy();
    if (dropPostgres) await dropPostgres();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { ctx, close };
}

/** A fresh database on the engine with no migrations run (for migration tests); close() removes it. */
export async function openEmptyDatabase(dialect: DialectName): Promise<{ db: Kysely<Database>; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-test-'));
  const created = dialect === 'postgres' ? await createPostgresDatabase(inject('postgresUrl')) : null;
  const config = loadConfig({ PACER_DATA_DIR: dataDir, DATABASE_URL: created?.url ?? path.join(dataDir, 'pacer.sqlite'), LOG_LEVEL: 'silent' });
  const database = createDatabase(config);
  return {
    db: database.db,
    close: async () => {
      await database.destroy();
      await created?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** Declares the suite once per database; `getCtx()` is valid inside tests and hooks. */
export function describeEachDatabase(name: string, suite: (getCtx: () => AppTestContext) => void, options: SuiteOptions = {}): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let opened: { ctx: AppTestContext; close: () => Promise<void> } | null = null;
      beforeAll(async () => {
        opened = await openContext(dialect, options);
      });
      afterAll(async () => {
        await opened?.close();
        opened = null;
      });
      suite(() => {
        if (!opened) throw new Error('The test context is only available inside tests and hooks (after beforeAll).');
        return opened.ctx;
      });
    });
  }
}
