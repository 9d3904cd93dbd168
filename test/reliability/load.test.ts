/**
 * Load: 30 s of mixed reads and writes from 50 concurrent clients (half signed in with a session
 * cookie, half with API tokens) against the REAL server in a child process, on SQLite and on
 * PostgreSQL. Zero 5xx and zero failed connections; every acknowledged check-in is read back
 * through the API (none lost, none extra) and the database passes its integrity checks.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DialectName } from '../../src/server/db/database';
import { bearer, call, percentile, signIn, type Answer, type Caller } from './support/api-client';
import { startPacer, type PacerProcess } from '../support/pacer-process';
import { openMigrated, seedCycle, seedUser } from '../support/bulk-seed';
import { createTarget, integrityProblems, type Target } from './support/targets';

const CLIENTS = 50;
const DURATION_MS = Number(process.env.PACER_LOAD_SECONDS ?? 30) * 1000;
const USERS = 10;

interface Acknowledged {
  checkInId: string;
  value: number;
}

interface World {
  cycleId: string;
  keyResultIds: string[];
  manualObjectiveIds: string[];
  objectiveIds: string[];
}

interface Tally {
  byStatus: Map<number, number>;
  latencies: number[];
  failures: string[];
  keyResultCheckIns: Map<string, Acknowledged[]>;
  objectiveCheckIns: Map<string, Acknowledged[]>;
  created: number;
}

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function record(tally: Tally, what: string, answer: Answer): void {
  tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
  tally.latencies.push(answer.ms);
  if (answer.status === 0 || answer.status >= 500) tally.failures.push(`${what} → ${answer.status} ${answer.error ?? answer.text.slice(0, 200)}`);
}

/** One client: a weighted mix of what people and scripts do on the OKR page. */
async function runClient(baseUrl: string, caller: Caller, world: World, tally: Tally, until: number, clientNo: number): Promise<void> {
  const mine: string[] = [];
  let step = 0;
  while (Date.now() < until) {
    step += 1;
    const roll = Math.random();
    if (roll < 0.3) {
      record(tally, 'list', await call(baseUrl, caller, 'GET', `/api/v1/objectives?cycleId=${world.cycleId}`));
    } else if (roll < 0.4) {
      record(tally, 'objective', await call(baseUrl, caller, 'GET', `/api/v1/objectives/${pick(world.objectiveIds)}`));
    } else if (roll < 0.5) {
      record(tally, 'history', await call(baseUrl, caller, 'GET', `/api/v1/key-results/${pick(world.keyResultIds)}/check-ins`));
    } else if (roll < 0.78) {
      const keyResultId = pick(world.keyResultIds);
      const value = Math.round(Math.random() * 10_000) / 100;
      const answer = await call<{ id: string }>(baseUrl, caller, 'POST', `/api/v1/key-results/${keyResultId}/check-ins`, {
        value,
        note: `load client ${clientNo} step ${step}`,
      });
      record(tally, 'key result check-in', answer);
      if (answer.status === 201) {
        const list = tally.keyResultCheckIns.get(keyResultId) ?? [];
        list.push({ checkInId: answer.body.id, value });
        tally.keyResultCheckIns.set(keyResultId, list);
      }
    } else if (roll < 0.85) {
      const objectiveId = pick(world.manualObjectiveIds);
      const value = Math.round(Math.random() * 100) / 100;
      const answer = await call<{ id: string }>(baseUrl, caller, 'POST', `/api/v1/objectives/${objectiveId}/check-ins`, { value });
      record(tally, 'objective check-in', answer);
      if (answer.status === 201) {
        const list = tally.objectiveCheckIns.get(objectiveId) ?? [];
        list.push({ checkInId: answer.body.id, value });
        tally.objectiveCheckIns.set(objectiveId, list);
      }
    } else if (roll < 0.92) {
      const answer = await call<{ id: string }>(baseUrl, caller, 'POST', '/api/v1/objectives', {
        cycleId: world.cycleId,
        title: `Load objective ${clientNo}.${step}`,
        parentId: Math.random() < 0.3 ? pick(world.objectiveIds) : null,
      });
      record(tally, 'create objective', answer);
      if (answer.status === 201) {
        tally.created += 1;
        mine.push(answer.body.id);
        record(tally, 'add key result', await call(baseUrl, caller, 'POST', `/api/v1/objectives/${answer.body.id}/key-results`, { title: 'Load KR', startValue: 0, targetValue: 10 }));
      }
    } else if (roll < 0.97 && mine.length > 0) {
      record(tally, 'rename', await call(baseUrl, caller, 'PATCH', `/api/v1/objectives/${pick(mine)}`, { title: `Renamed ${clientNo}.${step}` }));
    } else if (mine.length > 0) {
      // Only objectives this client created (no check-ins on them), so deleting never removes counted check-ins.
      const id = mine.pop() ?? '';
      record(tally, 'delete', await call(baseUrl, caller, 'DELETE', `/api/v1/objectives/${id}`));
    } else {
      record(tally, 'cycles', await call(baseUrl, caller, 'GET', '/api/v1/cycles'));
    }
  }
}

/** Every acknowledged check-in must be in the history, with nothing extra, and the latest must be what is shown. */
async function lostCheckIns(baseUrl: string, caller: Caller, tally: Tally): Promise<{ checked: number; problems: string[] }> {
  const problems: string[] = [];
  let checked = 0;
  const targets = [
    ...[...tally.keyResultCheckIns].map(([id, acks]) => ({ path: `/api/v1/key-results/${id}`, acks })),
    ...[...tally.objectiveCheckIns].map(([id, acks]) => ({ path: `/api/v1/objectives/${id}`, acks })),
  ];
  for (const { path, acks } of targets) {
    const history = await call<Array<{ id: string; value: number }>>(baseUrl, caller, 'GET', `${path}/check-ins`);
    const stored = new Map(history.body.map((c) => [c.id, c.value]));
    for (const ack of acks) {
      checked += 1;
      if (stored.get(ack.checkInId) !== ack.value) problems.push(`${path}: acknowledged check-in ${ack.checkInId} (${ack.value}) is ${stored.has(ack.checkInId) ? `stored as ${stored.get(ack.checkInId)}` : 'missing'}`);
    }
    if (history.body.length !== acks.length) problems.push(`${path}: ${acks.length} check-ins acknowledged, ${history.body.length} stored`);
    const item = await call<{ currentValue?: number; progress: number | null }>(baseUrl, caller, 'GET', path);
    const shown = path.includes('key-results') ? item.body.currentValue : item.body.progress;
    if (shown !== history.body[0]?.value) problems.push(`${path}: shows ${shown} but the newest check-in says ${history.body[0]?.value}`);
  }
  return { checked, problems };
}

function describeLoad(dialect: DialectName): void {
  describe(`load [${dialect}]`, () => {
    let target: Target;
    let server: PacerProcess;
    let world: World;
    const callers: Caller[] = [];

    beforeAll(async () => {
      target = await createTarget(dialect, 'load');
      const database = await openMigrated(target.databaseUrl, target.dataDir);
      const users = [];
      for (let i = 0; i < USERS; i++) users.push(await seedUser(database.db, i === 0 ? 'admin' : 'member', `load${i}`));
      const seeded = await seedCycle(database.db, { objectives: 200, keyResultsPerObjective: 3, ownerIds: users.map((u) => u.id), name: 'Load quarter' });
      await database.destroy();
      server = await startPacer({ dataDir: target.dataDir, databaseUrl: target.databaseUrl, logLevel: 'warn' });

      const admin = bearer('admin token', users[0]?.token ?? '');
      const manualObjectiveIds: string[] = [];
      for (let i = 0; i < 20; i++) {
        const created = await call<{ id: string }>(server.baseUrl, admin, 'POST', '/api/v1/objectives', { cycleId: seeded.cycleId, title: `Manual ${i}`, progressMode: 'manual' });
        manualObjectiveIds.push(created.body.id);
      }
      // The clients check in on anyone's key results and on the admin's manual objectives, as a busy
      // team with the admin setting on would; the owner-or-admin rule is tested in security.test.ts.
      const everyone = await call(server.baseUrl, admin, 'PATCH', '/api/v1/settings', { everyoneMayEditOkrs: true });
      if (everyone.status !== 200) throw new Error(`could not allow everyone to edit: ${everyone.status} ${everyone.text}`);
      world = { cycleId: seeded.cycleId, keyResultIds: seeded.keyResultIds, objectiveIds: seeded.objectiveIds, manualObjectiveIds };
      for (let i = 0; i < CLIENTS; i++) {
        const user = users[i % USERS];
        if (!user) throw new Error('no user');
        // Half the clients use a browser session; one sign-in per user keeps under the login rate limit.
        if (i % 2 === 0 && i < USERS * 2) callers.push(await signIn(server.baseUrl, user.email, user.password));
        else callers.push(bearer(`token of ${user.email}`, user.token));
      }
    });

    afterAll(async () => {
      await server?.stop();
      await target?.dispose();
    });

    test(`${CLIENTS} clients for ${DURATION_MS / 1000} s: no 5xx, no lost check-ins, sound database`, async () => {
      const tally: Tally = { byStatus: new Map(), latencies: [], failures: [], keyResultCheckIns: new Map(), objectiveCheckIns: new Map(), created: 0 };
      const started = Date.now();
      await Promise.all(callers.map((caller, i) => runClient(server.baseUrl, caller, world, tally, started + DURATION_MS, i)));
      const seconds = (Date.now() - started) / 1000;

      const verifier = callers[1] ?? bearer('none', '');
      const { checked, problems } = await lostCheckIns(server.baseUrl, verifier, tally);
      await server.stop();
      const database = await openMigrated(target.databaseUrl, target.dataDir);
      const integrity = await integrityProblems(database.db, dialect);
      await database.destroy();

      const total = tally.latencies.length;
      const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
      console.log(
        `[load ${dialect}] ${total} requests in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} req/s) from ${CLIENTS} clients; ` +
          `p50 ${percentile(tally.latencies, 50).toFixed(0)} ms, p99 ${percentile(tally.latencies, 99).toFixed(0)} ms; statuses ${statuses}; ` +
          `${checked} acknowledged check-ins read back, ${tally.created} objectives created`,
      );
      expect(tally.failures.slice(0, 10)).toEqual([]);
      expect(problems.slice(0, 10)).toEqual([]);
      expect(integrity).toEqual([]);
      expect(checked).toBeGreaterThan(100);
      expect([...tally.byStatus.keys()].filter((status) => status >= 400)).toEqual([]);
    });
  });
}

describeLoad('sqlite');
describeLoad('postgres');
