/**
 * Webhook-to-progress latency: how long after a change in Jira a linked objective's progress shows
 * it through Pacer's API, with no refresh. Pacer (buildApp on a temporary SQLite file, or on a new
 * database of the PostgreSQL server given as db=postgres://user@host:port/any-db, dropped after)
 * listens on a real port; the Jira simulator (Cloud,
 * demo scenario) runs in this process. The webhook is registered through Pacer's own "register"
 * endpoint. Each change moves a story of epic AE-786 between To Do and Done; the clock starts at
 * the change and stops when GET /objectives/:id answers the new progress (polled every 10 ms).
 * Also measures how fast the receiver answers Jira (sequential deliveries of a real payload).
 *
 *   npm run bench:webhooks [-- changes=20 debounce=3000,500 deliveries=200 db=postgres://…]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startJiraSim, type JiraSim } from '../../jira-sim/src/index';
import { buildApp, type App } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { createDatabase, type PacerDatabase } from '../../src/server/db/database';
import { migrateToLatest } from '../../src/server/db/migrate';
import { createLogger } from '../../src/server/logger';
import { createPostgresDatabase } from '../../test/support/throwaway-postgres';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split(/=(.*)/s).slice(0, 2) as [string, string]));
const CHANGES = Number(args.changes ?? 20);
const DEBOUNCES = (args.debounce ?? '3000,500').split(',').map(Number);
const DELIVERIES = Number(args.deliveries ?? 200);
const DATABASE_URL = args.db;
const EPIC = 'AE-786';

interface Client {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** A browser-like API client: session cookie from /setup, Origin on writes (the CSRF guard wants it). */
function clientFor(baseUrl: string): Client {
  let cookie = '';
  return {
    async call<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
      const response = await fetch(`${baseUrl}/api/v1${apiPath}`, {
        method,
        headers: { Origin: baseUrl, ...(cookie ? { Cookie: cookie } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const setCookie = response.headers.get('set-cookie');
      if (setCookie) cookie = setCookie.split(';')[0] ?? '';
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${apiPath} answered ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0] ?? NaN, max: sorted.at(-1) ?? NaN };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  debounceMs: number;
  latencies: number[];
  deliveryMs: number[];
  webhookRuns: number;
}

async function openDatabase(
  dataDir: string,
  debounceMs: number,
): Promise<{ database: PacerDatabase; config: ReturnType<typeof loadConfig>; drop: () => Promise<void> }> {
  const postgres = DATABASE_URL ? await createPostgresDatabase(DATABASE_URL, 'pacer_bench_webhooks') : null;
  const config = loadConfig({
    PACER_DATA_DIR: dataDir,
    DATABASE_URL: postgres?.url ?? path.join(dataDir, 'pacer.sqlite'),
    LOG_LEVEL: 'silent',
    PACER_WEBHOOK_DEBOUNCE_MS: String(debounceMs),
    PACER_SYNC_TICK_SECONDS: '0',
  });
  const database = createDatabase(config);
  await migrateToLatest(database.db);
  return { database, config, drop: postgres?.drop ?? (async () => undefined) };
}

async function measure(sim: JiraSim, debounceMs: number): Promise<Run> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pacer-bench-webhooks-'));
  const { database, config, drop } = await openDatabase(dataDir, debounceMs);
  let app: App | null = null;
  try {
    app = await buildApp({ config, db: database, secretKey: Buffer.alloc(32, 9), logger: createLogger('silent') });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (!address || typeof address !== 'object') throw new Error('Pacer did not bind to a port.');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    const api = clientFor(baseUrl);
    const suffix = crypto.randomUUID().slice(0, 8);
    await api.call('POST', '/setup', { email: `bench-${suffix}@example.com`, name: 'Bench Admin', password: 'bench password 123' });
    await api.call('PUT', '/integrations/jira', { enabled: true });
    const connection = await api.call<{ id: string }>('POST', '/integrations/jira/connections', {
      name: `Bench Jira ${suffix}`,
      url: sim.url,
      username: 'dana@example.com',
      secret: 'sim-api-token-dana',
    });
    const today = new Date();
    const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const cycle = await api.call<{ id: string }>('POST', '/cycles', { name: `Bench ${suffix}`, startDate: day(-30), endDate: day(60) });
    const objective = await api.call<{ id: string }>('POST', '/objectives', { cycleId: cycle.id, title: 'Ship feature Email Campaigns' });
    await api.call('PUT', `/objectives/${objective.id}/integration`, { type: 'jira', connectionId: connection.id, jql: `parent = ${EPIC}`, metric: 'percent_done' });
    const registration = await api.call<{ registered: boolean; message: string; webhook: { url: string } }>('POST', `/integrations/jira/connections/${connection.id}/webhook/register`);
    if (!registration.registered) throw new Error(`The webhook was not registered: ${registration.message}`);

    const story = sim.store.create({ projectKey: 'AE', summary: `Bench story ${suffix}`, issueType: 'Story', parentKey: EPIC }).key;
    const progress = async () => (await api.call<{ progress: number | null }>('GET', `/objectives/${objective.id}`)).progress;
    // Let the creation's own sync land before measuring.
    await sleep(debounceMs + 1_000);
    await app.jobs.idle();

    const latencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const before = await progress();
      const started = performance.now();
      sim.store.transition(story, i % 2 === 0 ? 'Done' : 'To Do');
      const deadline = Date.now() + debounceMs + 30_000;
      while ((await progress()) === before) {
        if (Date.now() > deadline) throw new Error(`Change ${i + 1} did not reach the objective within ${debounceMs + 30_000} ms.`);
        await sleep(10);
      }
      latencies.push(performance.now() - started);
      await app.jobs.idle();
    }

    // The receiver's answer time, as Jira sees it: a real payload, one delivery after another.
    const payload = JSON.stringify({
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      issue: { id: '1', key: story, fields: { project: { id: '10000', key: 'AE', name: 'Email' }, parent: { key: EPIC }, summary: 'x'.repeat(2_000) } },
    });
    const deliveryMs: number[] = [];
    for (let i = 0; i < DELIVERIES; i++) {
      const started = performance.now();
      const response = await fetch(registration.webhook.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Atlassian-Webhook-Identifier': crypto.randomUUID() },
        body: payload,
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`A delivery answered ${response.status}.`);
      deliveryMs.push(performance.now() - started);
    }
    await app.jobs.idle();
    const webhookRuns = (await database.db.selectFrom('sync_runs').select('id').where('trigger', '=', 'webhook').execute()).length;
    return { debounceMs, latencies, deliveryMs, webhookRuns };
  } finally {
    await app?.close();
    await database.destroy();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sim = await startJiraSim({ mode: 'cloud', port: 0, scenario: 'demo', control: true });
  try {
    const runs: Run[] = [];
    for (const debounceMs of DEBOUNCES) runs.push(await measure(sim, debounceMs));
    const round = (ms: number) => Math.round(ms);
    console.log(`Webhook-to-progress latency, ${CHANGES} changes per debounce setting, ${DATABASE_URL ? 'PostgreSQL' : 'SQLite'}, Cloud simulator in-process`);
    for (const run of runs) {
      const latency = summary(run.latencies);
      const delivery = summary(run.deliveryMs);
      console.log(
        JSON.stringify({
          debounceMs: run.debounceMs,
          latencyMs: { median: round(latency.median), p95: round(latency.p95), min: round(latency.min), max: round(latency.max) },
          aboveDebounceMs: { median: round(latency.median - run.debounceMs), p95: round(latency.p95 - run.debounceMs) },
          receiverAnswerMs: { deliveries: run.deliveryMs.length, median: delivery.median.toFixed(1), p95: delivery.p95.toFixed(1), max: delivery.max.toFixed(1) },
          // One sync for the story's creation, one per change, and one for the whole burst of deliveries.
          webhookSyncs: run.webhookRuns,
        }),
      );
    }
  } finally {
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
