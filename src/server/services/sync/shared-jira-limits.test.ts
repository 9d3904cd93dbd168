/**
 * The Jira request limits shared through PostgreSQL, with two instances standing for two
 * processes on one fresh database: together they never hold more slots than the limit, a dead
 * process's slots come free at once, and a quota pause one of them reports reaches the other.
 * Sync and interactive requests keep their reserved slots across processes, and a wait for a slot
 * ends with `busy`.
 */
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { createFreshPostgres, type FreshPostgres } from '../../../../test/support/throwaway-postgres';
import { insertJiraConnection } from '../../db/repositories/jira-connections-repository';
import type { JiraRequestLimits } from './jira-request-limits';
import { startSharedJiraLimits } from './shared-jira-limits';

const quietLog = { warn: () => undefined, error: () => undefined };
let postgres: FreshPostgres;
let connectionId: string;
const opened: JiraRequestLimits[] = [];

async function processLimits(maxInFlight: number, slotWaitMs?: number): Promise<JiraRequestLimits> {
  const limits = await startSharedJiraLimits({ connectionString: postgres.url, maxInFlight, slotWaitMs, log: quietLog });
  opened.push(limits);
  return limits;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function newConnection(): Promise<string> {
  const connection = await insertJiraConnection(
    postgres.database.db,
    { name: `Shared Jira ${crypto.randomUUID()}`, url: 'https://jira.example.com', username: 'dana', authType: 'basic', secretCiphertext: 'v1:x:y:z' },
    { deploymentType: 'cloud', jiraUserName: 'Dana', jiraAccountId: null },
    new Date().toISOString(),
  );
  return connection.id;
}

beforeAll(async () => {
  postgres = await createFreshPostgres(inject('postgresUrl'), 'pacer_limits');
  connectionId = await newConnection();
});

afterAll(async () => {
  for (const limits of opened) await limits.close();
  await postgres.drop();
});

test('two processes together never hold more than the limit, and both get to work', async () => {
  const [a, b] = [await processLimits(3), await processLimits(3)];
  let inFlight = 0;
  let most = 0;
  const served = { a: 0, b: 0 };
  const request = async (limits: JiraRequestLimits, who: 'a' | 'b') => {
    const slot = await limits.limiterFor(connectionId).acquire();
    inFlight += 1;
    most = Math.max(most, inFlight);
    await sleep(25);
    inFlight -= 1;
    served[who] += 1;
    slot.release();
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? request(a, 'a') : request(b, 'b'))));
  expect(most).toBe(3);
  expect(served).toEqual({ a: 12, b: 12 });
  // 24 requests of 25 ms, 3 at a time, is 200 ms of work: waiters are woken on release, not after long polls.
  expect(Date.now() - started).toBeLessThan(2_000);
});

test('the slots of a process that died are free at once; a live holder keeps its slot', async () => {
  const dying = await processLimits(2);
  const survivor = await processLimits(2);
  await dying.limiterFor(connectionId).acquire();
  const kept = await survivor.limiterFor(connectionId).acquire();
  // The dying process ends without releasing (its session, and with it its advisory lock, goes away).
  await dying.close();
  const taken = await Promise.race([survivor.limiterFor(connectionId).acquire(), sleep(2_000).then(() => null)]);
  expect(taken).not.toBeNull();
  // Both slots are now held by the survivor: a third request waits.
  const third = await Promise.race([survivor.limiterFor(connectionId).acquire().then(() => 'got one'), sleep(400).then(() => 'waited')]);
  expect(third).toBe('waited');
  kept.release();
  taken?.release();
});

test('a quota pause reported by one process reaches the others', async () => {
  const [a, b] = [await processLimits(4), await processLimits(4)];
  await a.limiterFor(connectionId).sharePause?.(1_500);
  const slot = await b.limiterFor(connectionId).acquire();
  slot.release();
  expect(slot.pausedUntilMs).toBeGreaterThan(Date.now() + 1_000);
  expect(slot.pausedUntilMs).toBeLessThanOrEqual(Date.now() + 1_500);
  const row = await postgres.database.db.selectFrom('jira_connections').select('quota_paused_until').where('id', '=', connectionId).executeTakeFirstOrThrow();
  expect(Date.parse(row.quota_paused_until ?? '')).toBe(slot.pausedUntilMs);
});

/** Starts `count` acquires; `taken` counts those granted so far, `stop` gives everything back (and any granted later). */
function flood(limits: JiraRequestLimits, purpose: 'sync' | 'interactive', count: number): { taken: () => number; stop: () => void } {
  const held: Array<() => void> = [];
  let stopped = false;
  for (let i = 0; i < count; i += 1) {
    limits
      .limiterFor(connectionId, purpose)
      .acquire()
      .then(
        (slot) => (stopped ? slot.release() : held.push(slot.release)),
        () => undefined,
      );
  }
  return {
    taken: () => held.length,
    stop: () => {
      stopped = true;
      for (const release of held.splice(0)) release();
    },
  };
}

test('interactive requests from several processes cannot take the sync share, nor syncs the interactive one', async () => {
  // A connection of its own: waiters left by the tests above must not hold slots here.
  connectionId = await newConnection();
  const [web1, web2, worker1, worker2] = [
    await processLimits(4, 5_000),
    await processLimits(4, 5_000),
    await processLimits(4, 5_000),
    await processLimits(4, 5_000),
  ];
  // Previews on two web processes (each alone would allow itself 3): 3 of the 4 slots in all.
  const previews = [flood(web1, 'interactive', 5), flood(web2, 'interactive', 5)] as const;
  await sleep(500);
  expect(previews[0].taken() + previews[1].taken()).toBe(3);
  const syncs = flood(worker1, 'sync', 5);
  await sleep(400);
  expect(syncs.taken()).toBe(1);
  for (const each of [...previews, syncs]) each.stop();
  await sleep(400);

  // The other way round: syncs on two workers leave one slot to the previews.
  const floodOfSyncs = [flood(worker1, 'sync', 5), flood(worker2, 'sync', 5)] as const;
  await sleep(500);
  expect(floodOfSyncs[0].taken() + floodOfSyncs[1].taken()).toBe(3);
  const preview = await Promise.race([web1.limiterFor(connectionId, 'interactive').acquire(), sleep(1_000).then(() => null)]);
  expect(preview).not.toBeNull();
  preview?.release();
  for (const each of floodOfSyncs) each.stop();
  await sleep(400);
});

test('waiting for a slot ends with busy after the wait limit, in the database as in the process', async () => {
  connectionId = await newConnection();
  const [a, b] = [await processLimits(2, 400), await processLimits(2, 400)];
  // b's own process has room, but both slots in the database are held by a.
  const held = [await a.limiterFor(connectionId, 'sync').acquire(), await a.limiterFor(connectionId, 'interactive').acquire()];
  const started = Date.now();
  const error = await b.limiterFor(connectionId, 'interactive').acquire().catch((caught: unknown) => caught);
  expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(error).toMatchObject({ code: 'busy', message: expect.stringMatching(/Jira is busy.*Try again in a minute/) });
  for (const slot of held) slot.release();
  // A slot freed later is taken at once: the timed-out wait left nothing behind.
  const slot = await Promise.race([b.limiterFor(connectionId, 'interactive').acquire(), sleep(1_000).then(() => null)]);
  expect(slot).not.toBeNull();
  slot?.release();
});
