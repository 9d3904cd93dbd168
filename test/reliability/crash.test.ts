/**
 * Crash: `kill -9` the REAL server while 20 clients post check-ins (key results and manual
 * objectives), restart it on the same database, and check that every acknowledged check-in is
 * there with its value, nothing appeared that was never sent, the shown values are the newest
 * check-ins', and the database passes its integrity check. Several kills per engine, at random
 * moments; SQLite runs in WAL mode (synchronous=NORMAL), PostgreSQL keeps running while Pacer dies.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DialectName } from '../../src/server/db/database';
import { bearer, call, type Caller } from './support/api-client';
import { startPacer, type PacerProcess } from '../support/pacer-process';
import { openMigrated, seedCycle, seedUser } from '../support/bulk-seed';
import { createTarget, integrityProblems, type Target } from './support/targets';

const KILLS = 4;
const WRITERS = 20;

interface Sent {
  path: string;
  value: number;
  /** 'acknowledged': a 201 arrived; 'in flight': the server died before answering. */
  state: 'acknowledged' | 'in flight' | 'refused';
}

/** Writers post check-ins with a unique note each until the server stops answering. */
async function writeUntilDeath(server: PacerProcess, caller: Caller, paths: string[], round: number, sent: Map<string, Sent>): Promise<void> {
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let step = 0; ; step++) {
        const path = paths[(writer * 7 + step) % paths.length] ?? '';
        const isObjective = path.startsWith('/api/v1/objectives/');
        const value = isObjective ? Math.round(Math.random() * 1000) / 1000 : Math.round(Math.random() * 1e6) / 100;
        const note = `crash round ${round} writer ${writer} step ${step}`;
        const record: Sent = { path, value, state: 'in flight' };
        sent.set(note, record);
        const answer = await call(server.baseUrl, caller, 'POST', `${path}/check-ins`, { value, note });
        if (answer.status === 201) record.state = 'acknowledged';
        else if (answer.status !== 0) record.state = 'refused';
        if (answer.status === 0 || server.exited()) return;
      }
    }),
  );
}

async function verifyAfterRestart(server: PacerProcess, caller: Caller, paths: string[], sent: Map<string, Sent>): Promise<string[]> {
  const problems: string[] = [];
  const stored = new Map<string, { path: string; value: number }>();
  for (const path of paths) {
    const history = await call<Array<{ value: number; note: string }>>(server.baseUrl, caller, 'GET', `${path}/check-ins`);
    if (history.status !== 200) {
      problems.push(`${path}/check-ins → ${history.status}`);
      continue;
    }
    for (const checkIn of history.body) stored.set(checkIn.note, { path, value: checkIn.value });
  }
  for (const [note, record] of sent) {
    const found = stored.get(note);
    if (record.state === 'acknowledged' && !found) problems.push(`acknowledged check-in "${note}" on ${record.path} is missing`);
    if (found && (found.value !== record.value || found.path !== record.path)) problems.push(`"${note}" stored as ${found.value} on ${found.path}, sent ${record.value} to ${record.path}`);
    if (found && record.state === 'refused') problems.push(`refused check-in "${note}" was stored anyway`);
  }
  for (const note of stored.keys()) if (!sent.has(note)) problems.push(`check-in "${note}" was never sent`);
  return problems;
}

function describeCrash(dialect: DialectName): void {
  describe(`kill -9 during check-in writes [${dialect}]`, () => {
    let target: Target;
    let caller: Caller;
    let paths: string[];

    beforeAll(async () => {
      target = await createTarget(dialect, 'crash');
      const database = await openMigrated(target.databaseUrl, target.dataDir);
      const admin = await seedUser(database.db, 'admin', 'crash');
      const seeded = await seedCycle(database.db, { objectives: 20, keyResultsPerObjective: 3, ownerIds: [admin.id], name: 'Crash quarter' });
      await database.destroy();
      caller = bearer('crash admin', admin.token);
      const server = await startPacer({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
      const manual: string[] = [];
      for (let i = 0; i < 5; i++) {
        const created = await call<{ id: string }>(server.baseUrl, caller, 'POST', '/api/v1/objectives', { cycleId: seeded.cycleId, title: `Manual ${i}`, progressMode: 'manual' });
        manual.push(`/api/v1/objectives/${created.body.id}`);
      }
      await server.stop();
      paths = [...seeded.keyResultIds.slice(0, 30).map((id) => `/api/v1/key-results/${id}`), ...manual];
    });

    afterAll(async () => {
      await target?.dispose();
    });

    test(`${KILLS} kills at random moments lose no acknowledged check-in and leave a sound database`, async () => {
      const sent = new Map<string, Sent>();
      const perRound: string[] = [];
      for (let round = 0; round < KILLS; round++) {
        const server = await startPacer({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
        const before = sent.size;
        const writing = writeUntilDeath(server, caller, paths, round, sent);
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 1200));
        await server.kill9();
        await writing;
        const roundSent = [...sent.values()].slice(before);
        perRound.push(
          `kill ${round + 1}: ${roundSent.filter((s) => s.state === 'acknowledged').length} acknowledged, ${roundSent.filter((s) => s.state === 'in flight').length} in flight`,
        );
      }
      const restarted = await startPacer({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
      const problems = await verifyAfterRestart(restarted, caller, paths, sent);
      await restarted.stop();
      const database = await openMigrated(target.databaseUrl, target.dataDir);
      const integrity = await integrityProblems(database.db, dialect);
      await database.destroy();

      const acknowledged = [...sent.values()].filter((s) => s.state === 'acknowledged').length;
      const inFlight = [...sent.values()].filter((s) => s.state === 'in flight').length;
      console.log(`[crash ${dialect}] ${KILLS} kills; ${perRound.join('; ')}; all ${acknowledged} acknowledged check-ins found after restart`);
      expect(problems.slice(0, 10)).toEqual([]);
      expect(integrity).toEqual([]);
      expect(acknowledged).toBeGreaterThan(KILLS * 10);
      // The kills must land while writes are under way, or the test proves nothing.
      expect(inFlight).toBeGreaterThan(0);
    });
  });
}

describeCrash('sqlite');
describeCrash('postgres');
