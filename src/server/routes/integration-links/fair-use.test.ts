/**
 * Fair use of a Jira connection, against the simulator with latency on SQLite (slots in memory) and
 * PostgreSQL (slots shared through jira_request_slots): a third concurrent preview from one user is
 * refused with 429 while another user's goes through; a wait for a request slot ends with 503
 * `jira_busy` for a person and a failed run for a sync; a sync round keeps its share of the slots
 * while 40 slow previews are in flight.
 */
import http from 'node:http';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startJiraSim, type JiraSim } from '../../../../jira-sim/src/index';
import { describeEachDatabase, type Actor, type AppTestContext } from '../../../../test/support/app-harness';
import { createInMemoryJiraLimits, useJiraRequestLimits, type JiraRequestLimits } from '../../services/sync/jira-request-limits';
import { startSharedJiraLimits } from '../../services/sync/shared-jira-limits';
import { refreshConnection } from '../../services/sync/sync-rounds';
import { BUG_EPIC, CAMPAIGN_EPIC, createObjective, epicJql, linkItem, putLink, runsOf, setUpJiraWorld, syncDepsOf, type JiraWorld } from '../../../../test/support/link-fixtures';

const MAX_IN_FLIGHT = 4;
const quietLog = { warn: () => undefined, error: () => undefined };

/** The process's request limits, as main.ts sets them up for each database. */
async function openLimits(ctx: AppTestContext, slotWaitMs: number): Promise<JiraRequestLimits> {
  const { database } = ctx.config;
  return database.kind === 'postgres'
    ? startSharedJiraLimits({ connectionString: database.connectionString, maxInFlight: MAX_IN_FLIGHT, slotWaitMs, log: quietLog })
    : createInMemoryJiraLimits(MAX_IN_FLIGHT, { slotWaitMs });
}

describeEachDatabase('fair use of a Jira connection', (ctx) => {
  let sim: JiraSim;
  let world: JiraWorld;
  let limits: JiraRequestLimits;
  const opened: JiraRequestLimits[] = [];

  const preview = (as: Actor, jql = epicJql('cloud', CAMPAIGN_EPIC)): Promise<LightMyRequestResponse> =>
    ctx().request('POST', '/api/v1/integrations/jira/preview', { as, body: { connectionId: world.connectionId, jql, metric: 'percent_done' } });

  beforeAll(async () => {
    sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
    world = await setUpJiraWorld(ctx(), sim, 'cloud');
    limits = await openLimits(ctx(), 20_000);
    opened.push(limits);
    useJiraRequestLimits(ctx().db, limits);
  });
  afterAll(async () => {
    for (const each of opened) await each.close();
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
    useJiraRequestLimits(ctx().db, limits);
  });

  test('a third preview in flight from one user gets 429 while another user\'s preview goes through', async () => {
    sim.faults.set({ latencyMs: 400 });
    const other = await ctx().createMember({ name: 'Olga Other' });
    const [mine, theirs] = await Promise.all([Promise.all([preview(world.member), preview(world.member), preview(world.member)]), preview(other)]);
    expect(mine.map((response) => response.statusCode).sort()).toEqual([200, 200, 429]);
    const refused = mine.find((response) => response.statusCode === 429);
    expect(refused?.json()).toEqual({
      error: { code: 'too_many_jira_requests', message: expect.stringMatching(/already have 2 Jira requests running.*Wait for one to finish, then try again/) },
    });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json()).toMatchObject({ valid: true, total: 10 });

    // Failures give their place back too: two refused previews, then two at once both go through.
    for (let i = 0; i < 2; i += 1) {
      const bad = await ctx().request('POST', '/api/v1/integrations/jira/preview', {
        as: world.member,
        body: { connectionId: crypto.randomUUID(), jql: 'project = AE', metric: 'percent_done' },
      });
      expect(bad.statusCode).toBe(400);
    }
    const again = await Promise.all([preview(world.member), preview(world.member)]);
    expect(again.map((response) => response.statusCode)).toEqual([200, 200]);
  });

  test('a client that hangs up mid-preview gives its place back once the preview ends', async () => {
    sim.faults.set({ latencyMs: 600 });
    const member = await ctx().withBearer(await ctx().createMember({ name: 'Hana Hangup' }));
    const token = member.kind === 'bearer' ? member.token : '';
    const address = await ctx().app.listen({ port: 0, host: '127.0.0.1' });
    const body = JSON.stringify({ connectionId: world.connectionId, jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });
    const hungUp = Array.from({ length: 2 }, () => {
      const request = http.request(`${address}/api/v1/integrations/jira/preview`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      request.on('error', () => undefined);
      request.end(body);
      return request;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const request of hungUp) request.destroy();
    // While the two abandoned previews still wait on Jira, they count…
    expect((await preview(member)).statusCode).toBe(429);
    // …and once they end, the member may preview again, twice at once.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const again = await Promise.all([preview(member), preview(member)]);
    expect(again.map((response) => response.statusCode)).toEqual([200, 200]);
  });

  test('a wait for a request slot ends: 503 jira_busy for a preview or a save, a failed run for a sync', async () => {
    sim.faults.set({ latencyMs: 50 });
    const objectiveId = await createObjective(ctx(), world, 'Ship feature Email Campaigns');
    const path = `/api/v1/objectives/${objectiveId}`;
    await linkItem(ctx(), world, path, { jql: epicJql('cloud', CAMPAIGN_EPIC), metric: 'percent_done' });

    const short = await openLimits(ctx(), 800);
    opened.push(short);
    useJiraRequestLimits(ctx().db, short);
    // Someone else holds every slot interactive requests may use (3 of 4) and does not let go.
    const held = await Promise.all(Array.from({ length: MAX_IN_FLIGHT - 1 }, () => short.limiterFor(world.connectionId, 'interactive').acquire()));
    const requestsBefore = sim.requestLog.counters().api;

    const started = Date.now();
    const busy = await preview(world.member);
    expect(Date.now() - started).toBeGreaterThanOrEqual(750);
    expect(busy.statusCode).toBe(503);
    expect(busy.json()).toEqual({ error: { code: 'jira_busy', message: expect.stringMatching(/Jira is busy.*nothing was sent\. Try again in a minute/) } });

    const otherObjective = await createObjective(ctx(), world, 'Fix 20 bugs this quarter');
    try {
      const save = await putLink(ctx(), world, `/api/v1/objectives/${otherObjective}`, { jql: epicJql('cloud', BUG_EPIC), metric: 'percent_done' });
      expect(save.statusCode, save.body).toBe(503);
      expect(save.json<{ error: { code: string } }>().error.code).toBe('jira_busy');
      const unsaved = await ctx().request('GET', `/api/v1/objectives/${otherObjective}/integration`, { as: world.member });
      expect(unsaved.statusCode).toBe(404);
      expect(sim.requestLog.counters().api).toBe(requestsBefore);

      // Syncs keep their share meanwhile: a round goes through while the previews wait.
      const round = await refreshConnection(syncDepsOf(ctx()), world.connectionId, new Date(), 'Round while previews wait');
      expect(round).toMatchObject({ ok: 1, failed: 0 });
    } finally {
      for (const slot of held) slot.release();
    }

    // Now the sync share is taken: the round's run fails with busy, and the link keeps its values.
    const heldBySyncs = await Promise.all(Array.from({ length: MAX_IN_FLIGHT - 1 }, () => short.limiterFor(world.connectionId, 'sync').acquire()));
    try {
      const failedRound = await refreshConnection(syncDepsOf(ctx()), world.connectionId, new Date(), 'Round while syncs wait');
      expect(failedRound).toMatchObject({ ok: 0, failed: 1 });
      const [run] = await runsOf(ctx(), world, path);
      expect(run).toMatchObject({ outcome: 'failed', error: { code: 'busy', message: expect.stringMatching(/Jira is busy/) } });
      // …while a person's refresh, in the interactive share, still goes through.
      const refreshed = await ctx().request('POST', `${path}/integration/refresh`, { as: world.member });
      expect(refreshed.statusCode, refreshed.body).toBe(200);
      expect(refreshed.json()).toMatchObject({ run: { outcome: 'ok', total: 10, done: 3 } });
    } finally {
      for (const slot of heldBySyncs) slot.release();
    }
  });

  test('a sync round keeps its share of the slots while 40 slow previews from members are in flight', { timeout: 120_000 }, async () => {
    sim.faults.set({ latencyMs: 150 });
    for (const [title, epic] of [['Campaigns', CAMPAIGN_EPIC], ['Bugs', BUG_EPIC]] as const) {
      const objectiveId = await createObjective(ctx(), world, `Flood ${title}`);
      await linkItem(ctx(), world, `/api/v1/objectives/${objectiveId}`, { jql: epicJql('cloud', epic), metric: 'percent_done' });
    }
    const deps = syncDepsOf(ctx());
    let started = Date.now();
    const quiet = await refreshConnection(deps, world.connectionId, new Date(), 'Round without a flood');
    const quietMs = Date.now() - started;
    expect(quiet.failed).toBe(0);

    // One after the other: sign-ins are checked a few at a time.
    const members: Actor[] = [];
    for (let i = 0; i < 20; i += 1) members.push(await ctx().createMember({ name: `Flooder ${i}` }));
    let finished = 0;
    const flood = members.flatMap((member) => [preview(member), preview(member)].map((response) => response.finally(() => (finished += 1))));
    // Let the previews reach Jira and queue for slots.
    const requestsBefore = sim.requestLog.count();
    for (let waited = 0; sim.requestLog.count() < requestsBefore + 6 && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));

    started = Date.now();
    const busy = await refreshConnection(deps, world.connectionId, new Date(), 'Round during a flood');
    const floodedMs = Date.now() - started;
    const finishedWhenRoundEnded = finished;
    expect(busy).toMatchObject({ failed: 0 });
    expect(busy.ok).toBe(quiet.ok);
    // The round had one slot instead of three for its two queries; the 40 previews (over 100
    // requests of 150 ms, three at a time) were mostly still waiting when it ended.
    expect(floodedMs).toBeLessThan(3 * quietMs + 1_000);
    expect(finishedWhenRoundEnded).toBeLessThan(30);

    const responses = await Promise.all(flood);
    expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 40 }, () => 200));
    // The flood did fill the interactive share, and nobody ever went over the connection's cap.
    expect(sim.requestLog.maxConcurrent()).toBeGreaterThanOrEqual(MAX_IN_FLIGHT - 1);
    expect(sim.requestLog.maxConcurrent()).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  });
});
