/**
 * Issue 13, finding 9: after `kill -9` during a sync on SQLite, the link kept the dead process's
 * lease, so the item showed "syncing" and a refresh answered 409 until the lease ran out (10
 * minutes). On SQLite one process owns the database, so whatever lease it finds at start was left by
 * a process that is gone: the REAL server (a child process) must release them before it serves.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { call, bearer } from './support/api-client';
import { startPacer, type PacerProcess } from '../support/pacer-process';
import { openMigrated, seedUser, type SeededUser } from '../support/bulk-seed';
import { seedLinkedObjectives, type SeededLinks } from '../support/sync-links-seed';

const SECRET_KEY = randomBytes(32);

describe('leases left by a killed process [sqlite]', () => {
  let sim: JiraSim;
  let pacer: PacerProcess | null = null;
  let dataDir: string;
  let admin: SeededUser;
  let seeded: SeededLinks;

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo' });
    dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-lease-recovery-'));
    const database = await openMigrated(path.join(dataDir, 'pacer.sqlite'), dataDir);
    admin = await seedUser(database.db, 'admin', 'lease');
    // Dana, the demo scenario's Jira Cloud user.
    seeded = await seedLinkedObjectives(database.db, {
      login: { url: sim.url, deploymentType: 'cloud', username: 'dana@example.com', secret: 'sim-api-token-dana' },
      secretKey: SECRET_KEY,
      queries: ['parent = AE-786'],
      links: 2,
      dueAt: new Date(Date.now() + 86_400_000),
    });
    // What a process killed mid-sync leaves: both links claimed for another 10 minutes.
    await database.db
      .updateTable('integration_links')
      .set({ sync_state: 'syncing', lease_owner: 'killed-process', lease_expires_at: new Date(Date.now() + 600_000).toISOString() })
      .execute();
    await database.destroy();
  });
  afterAll(async () => {
    await pacer?.stop();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the next start releases them: the items are not "syncing" and a refresh works at once', async () => {
    pacer = await startPacer({
      dataDir,
      databaseUrl: path.join(dataDir, 'pacer.sqlite'),
      env: { PACER_SECRET_KEY: SECRET_KEY.toString('hex'), PACER_SYNC_TICK_SECONDS: '0' },
    });
    const caller = bearer('admin', admin.token);
    const link = seeded.links[0];
    if (!link) throw new Error('no link');
    const shown = await call<{ syncing: boolean }>(pacer.baseUrl, caller, 'GET', `/api/v1/objectives/${link.objectiveId}/integration`);
    expect(shown.status).toBe(200);
    expect(shown.body.syncing).toBe(false);
    const refreshed = await call<{ run: { outcome: string } | null }>(pacer.baseUrl, caller, 'POST', `/api/v1/objectives/${link.objectiveId}/integration/refresh`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.run?.outcome).toBe('ok');
  }, 120_000);
});
