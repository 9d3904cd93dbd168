/**
 * The start banner (issue 15): the address to open, the database and the role, in plain lines
 * before the JSON logs, and never a credential.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { startPacer } from '../../test/support/pacer-process';
import { loadConfig } from './config';
import { startBanner } from './start-banner';

describe('start banner', () => {
  test('all on SQLite: the address to open, the API docs, the role and the database file', () => {
    const banner = startBanner(loadConfig({ PORT: '8123', PACER_DATA_DIR: '/srv/pacer' }));
    expect(banner).toContain('Open:      http://localhost:8123\n');
    expect(banner).toContain('API docs:  http://localhost:8123/api/docs');
    expect(banner).toContain('Role:      all (web app, API and Jira syncs in this process)');
    expect(banner).toContain(`Database:  SQLite, ${path.join('/srv/pacer', 'pacer.sqlite')}`);
    expect(banner).toMatch(/Logs follow as JSON lines \(LOG_LEVEL=info\)\.\n$/);
  });

  test('behind a proxy: the public address first, the local one named', () => {
    const banner = startBanner(loadConfig({ PORT: '8080', PACER_DATA_DIR: '/srv/pacer', PACER_PUBLIC_URL: 'https://okr.example.com' }));
    expect(banner).toContain('Open:      https://okr.example.com (PACER_PUBLIC_URL; this process listens on http://localhost:8080)');
    expect(banner).toContain('API docs:  https://okr.example.com/api/docs');
  });

  test('PostgreSQL: host and database, never the user, password or secret key', () => {
    const secretKey = Buffer.alloc(32, 7).toString('base64');
    const banner = startBanner(
      loadConfig({
        PACER_DATA_DIR: '/srv/pacer',
        DATABASE_URL: 'postgres://pacer_user:s3cret-pw@db.internal:5433/pacer_prod?sslmode=require',
        PACER_ROLE: 'serve',
        PACER_SECRET_KEY: secretKey,
        PACER_METRICS_TOKEN: 'metrics-token-value-1234567890',
      }),
    );
    expect(banner).toContain('Database:  PostgreSQL, db.internal:5433/pacer_prod');
    expect(banner).toContain('Role:      serve (web app and API; Jira syncs run in worker processes)');
    for (const secret of ['pacer_user', 's3cret-pw', 'sslmode', secretKey, 'metrics-token-value']) expect(banner).not.toContain(secret);
  });

  test('a worker: its health address instead of a page to open', () => {
    const banner = startBanner(loadConfig({ PORT: '9100', PACER_DATA_DIR: '/srv/pacer', DATABASE_URL: 'postgres://u:p@db/pacer', PACER_ROLE: 'worker' }));
    expect(banner).toMatch(/^Pacer worker\n/);
    expect(banner).toContain('Health:    http://localhost:9100/api/v1/health');
    expect(banner).not.toContain('Open:');
    expect(banner).toContain('Role:      worker (Jira syncs only; no web app or API)');
  });

  test('the server prints it before its first JSON log line', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-banner-'));
    const pacer = await startPacer({ dataDir, logLevel: 'info' });
    try {
      const output = pacer.output();
      const bannerAt = output.indexOf('Pacer\n  Open:      http://localhost:');
      const firstJsonAt = output.search(/^\{"level"/m);
      expect(bannerAt, output.slice(0, 600)).toBe(0);
      expect(firstJsonAt, output.slice(0, 600)).toBeGreaterThan(bannerAt);
      expect(output).toContain(`Database:  SQLite, ${path.join(dataDir, 'pacer.sqlite')}`);
    } finally {
      await pacer.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
