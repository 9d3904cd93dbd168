/**
 * `npm run demo`: the product brief's walk-through on this machine. Starts the Jira simulator
 * (Cloud, demo scenario) and Pacer on a fresh SQLite file in ./data/demo, then sets everything up
 * through Pacer's own REST API: an admin, Jira enabled, the connection "Demo Jira", a quarter-long
 * cycle six weeks in, and the brief's two objectives linked to Jira. A second simulator runs as Jira
 * Data Center, and both simulators' logins are printed, so a second connection can be tried.
 * `npm start` stays the real product.
 *
 *   npm run demo [-- --port 8080 --jira-port 8081 --jira-dc-port 8082 --data-dir ./data/demo]   (port 0: any free port)
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startJiraSim } from '../jira-sim/src/index';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { createDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { createInProcessJobs } from '../src/server/jobs/providers/in-process';
import { createLogger } from '../src/server/logger';
import { loadOrCreateSecretKey } from '../src/server/secrets/secret-box';
import { simulatorCredentialLines } from './demo-credentials';

const ADMIN = { email: 'admin@example.com', name: 'Dana Admin', password: 'pacer-demo-1234' };
/** The simulator's demo user (jira-sim/src/scenarios/demo.ts); only ever valid against the simulator. */
const SIM_LOGIN = { username: 'dana@example.com', secret: 'sim-api-token-dana' };

/** Only a folder holding nothing but a Pacer database and key (an earlier demo) is ever wiped. */
function wipeDemoFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const strangers = readdirSync(dir).filter((name) => !/^(pacer\.sqlite(-wal|-shm)?|secret\.key)$/.test(name));
  if (strangers.length > 0) {
    throw new Error(`${dir} holds other files (${strangers.slice(0, 3).join(', ')}), so the demo will not wipe it; pass an empty or new folder with --data-dir.`);
  }
  rmSync(dir, { recursive: true, force: true });
}

const DAY_MS = 86_400_000;

/**
 * A 13-week cycle that is six weeks in today (UTC). Not the calendar quarter: early in a quarter
 * its history would be a few days long and the forecast would lack the 7 days it needs, while the
 * demo's Jira history (jira-sim/src/scenarios/demo.ts) spans the last six weeks, whatever the date.
 */
function demoCycle(now: Date): { name: string; startDate: string; endDate: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const day = (offset: number) => new Date(today + offset * DAY_MS).toISOString().slice(0, 10);
  return { name: 'This quarter', startDate: day(-41), endDate: day(49) };
}

/** A small client for the running Pacer: JSON in and out, failing loudly with the API's message. */
function apiClient(baseUrl: string) {
  let authorization: string | null = null;
  const call = async <T>(method: string, route: string, body?: unknown, cookie?: string): Promise<{ data: T; headers: Headers }> => {
    const headers: Record<string, string> = { Origin: baseUrl };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (authorization) headers.Authorization = authorization;
    if (cookie) headers.Cookie = cookie;
    const response = await fetch(`${baseUrl}/api/v1${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
    return { data: (text ? JSON.parse(text) : null) as T, headers: response.headers };
  };
  return {
    call,
    useToken(token: string) {
      authorization = `Bearer ${token}`;
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      'jira-port': { type: 'string', default: '8081' },
      'jira-dc-port': { type: 'string', default: '8082' },
      'data-dir': { type: 'string', default: path.join('data', 'demo') },
    },
  });
  const port = Number(values.port);
  const jiraPort = Number(values['jira-port']);
  const jiraDcPort = Number(values['jira-dc-port']);
  const DATA_DIR = path.resolve(values['data-dir']);
  // A fresh database on every run: the demo always starts from the brief's numbers.
  wipeDemoFolder(DATA_DIR);

  const sim = await startJiraSim({ mode: 'cloud', port: jiraPort, scenario: 'demo', control: true }).catch((error: unknown) => {
    throw new Error(`The Jira simulator could not listen on port ${jiraPort} (${String(error)}); pass another with --jira-port.`);
  });
  // Not connected: it is there for trying a second connection, the Data Center way.
  const dcSim = await startJiraSim({ mode: 'datacenter', port: jiraDcPort, scenario: 'demo', control: true }).catch(async (error: unknown) => {
    await sim.close();
    throw new Error(`The Data Center simulator could not listen on port ${jiraDcPort} (${String(error)}); pass another with --jira-dc-port.`);
  });

  // Self-contained on purpose: a DATABASE_URL or secret key in the environment belongs to a real Pacer.
  const config = loadConfig({ PACER_DATA_DIR: DATA_DIR, DATABASE_URL: path.join(DATA_DIR, 'pacer.sqlite'), LOG_LEVEL: 'warn' });
  const database = createDatabase(config);
  await migrateToLatest(database.db);
  const logger = createLogger(config.logLevel);
  const secretKey = (await loadOrCreateSecretKey({ dataDir: config.dataDir })).key;
  // The same in-process jobs as `npm start` on SQLite: scheduled rounds and webhook follow-ups.
  const jobs = createInProcessJobs({ context: { db: database.db, secretKey, config, log: logger, now: () => new Date() }, schedules: true });
  const app = await buildApp({ config, db: database, logger, secretKey, jobs });
  await app.listen({ host: '127.0.0.1', port }).catch((error: unknown) => {
    throw new Error(`Pacer could not listen on port ${port} (${String(error)}); pass another with --port.`);
  });
  const baseUrl = `http://localhost:${(app.server.address() as AddressInfo).port}`;

  const api = apiClient(baseUrl);
  const setup = await api.call<{ user: { id: string } }>('POST', '/setup', ADMIN);
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = await api.call<{ token: string }>('POST', '/tokens', { name: 'demo set-up' }, cookie);
  api.useToken(token.data.token);

  await api.call('PUT', '/integrations/jira', { enabled: true });
  const connection = await api.call<{ id: string }>('POST', '/integrations/jira/connections', { name: 'Demo Jira', url: sim.url, ...SIM_LOGIN });
  const cycle = await api.call<{ id: string }>('POST', '/cycles', demoCycle(new Date()));
  const link = async (title: string, body: Record<string, unknown>) => {
    const objective = await api.call<{ id: string }>('POST', '/objectives', { cycleId: cycle.data.id, title, ownerId: setup.data.user.id });
    const linked = await api.call<{ total: number; done: number; progress: number }>('PUT', `/objectives/${objective.data.id}/integration`, {
      type: 'jira',
      connectionId: connection.data.id,
      ...body,
    });
    return { ...linked.data, objectiveId: objective.data.id };
  };
  const campaigns = await link('Ship feature Email Campaigns', { jql: 'parent = AE-786', metric: 'percent_done' });
  const bugs = await link('Fix 20 bugs this quarter', { jql: 'parent = AE-900', metric: 'done_count', startValue: 0, targetValue: 20 });

  const pct = (progress: number) => `${Math.round(progress * 100)}%`;
  // The insight reads the dates Jira keeps (six weeks of them in the demo data): a burn-up and a forecast from the start.
  const insight = await api.call<{ period: { endDate: string }; forecast: { reason: string; finishDate: string | null } }>(
    'GET',
    `/objectives/${campaigns.objectiveId}/integration/insight`,
  );
  const { forecast, period } = insight.data;
  const pace = forecast.finishDate ? `at this pace done around ${forecast.finishDate}; the cycle ends ${period.endDate}` : `forecast: ${forecast.reason}`;
  console.log(`
Pacer demo is running at ${baseUrl}
  Sign in as ${ADMIN.email} with the password ${ADMIN.password}

${simulatorCredentialLines([
  { mode: 'cloud', url: sim.url, users: sim.store.dataset.users, connectedAs: 'Demo Jira' },
  { mode: 'datacenter', url: dcSim.url, users: dcSim.store.dataset.users },
]).join('\n')}

  "Ship feature Email Campaigns"  parent = AE-786: ${campaigns.done} of ${campaigns.total} stories done = ${pct(campaigns.progress)}
                                  ${pace} (its History tab draws the burn-up)
  "Fix 20 bugs this quarter"      KPI 0 → 20 on the bug epic AE-900: ${bugs.done} bugs done = ${pct(bugs.progress)}

Close a story in the simulator, then press Refresh on the objective (30% → 40%):
  npm run jira-sim -- transition AE-790 Done --url ${sim.url}
Add an 11th story (30% → 27%):
  npm run jira-sim -- create --project AE --summary "Campaign dark mode" --type Story --parent AE-786 --url ${sim.url}

The data lives in ${DATA_DIR} and is wiped on the next \`npm run demo\`. Press Ctrl+C to stop.`);

  const stop = async (): Promise<void> => {
    await app.close();
    await jobs.stop();
    await database.destroy();
    await sim.close();
    await dcSim.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`The demo could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
