import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp, type App } from './app';
import { loadConfig } from './config';
import { createDatabase, type PacerDatabase } from './db/database';
import { migrateToLatest } from './db/migrate';
import { REDACTED_PATHS, urlForLog } from './logger';

test('urlForLog hides secret-looking query parameters and keeps the rest', () => {
  expect(urlForLog('/api/v1/objectives?cycleId=abc&token=s3cret&api_key=k')).toBe(
    '/api/v1/objectives?cycleId=abc&token=%5Bredacted%5D&api_key=%5Bredacted%5D',
  );
  expect(urlForLog('/api/v1/health')).toBe('/api/v1/health');
});

describe('request logs', () => {
  const lines: Record<string, unknown>[] = [];
  let raw = '';
  let app: App;
  let database: PacerDatabase;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-log-'));
    const config = loadConfig({ PACER_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        raw += chunk.toString();
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    database = createDatabase(config);
    await migrateToLatest(database.db);
    app = await buildApp({ config, db: database, logger });
  });

  afterAll(async () => {
    await app.close();
    await database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('one info line per request with method, url, status, duration and user; no secrets anywhere', async () => {
    const password = 'very-secret-password-1';
    const setup = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { email: 'a@example.com', name: 'A', password } });
    const cookieValue = setup.cookies.find((c) => c.name === 'pacer_session')?.value ?? '';
    const tokenResponse = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'logs' },
      headers: { cookie: `pacer_session=${cookieValue}`, origin: 'http://localhost' },
    });
    const token = tokenResponse.json<{ token: string }>().token;
    const userId = setup.json<{ user: { id: string } }>().user.id;

    lines.length = 0;
    await app.inject({ method: 'GET', url: `/api/v1/me?token=${token}`, headers: { authorization: `Bearer ${token}` } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a@example.com', password } });

    const requestLines = lines.filter((line) => line.msg === 'request');
    expect(requestLines).toHaveLength(2);
    expect(requestLines[0]).toMatchObject({ level: 30, method: 'GET', url: '/api/v1/me?token=%5Bredacted%5D', status: 200, userId });
    expect(typeof requestLines[0]?.durationMs).toBe('number');
    expect(requestLines[1]).toMatchObject({ method: 'POST', url: '/api/v1/auth/login', status: 200 });

    for (const secret of [password, token, cookieValue]) expect(raw).not.toContain(secret);
  });
});
