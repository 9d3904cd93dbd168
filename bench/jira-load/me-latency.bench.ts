/**
 * Fair use (issue 10): another user's `GET /api/v1/me` while 8 clients loop on a 60,000-issue
 * link's issue list (500 a page, following the cursor) and 40 previews wait on a slow Jira (20
 * members, 2 each, started again as each one ends). "Another user" is a separate member (the
 * setup's bystander) who sends nothing but `/me`: the list loops run as the admin and the previews
 * as the 20 members. The baseline is the same request on the idle server in the same run. Target:
 * median under 50 ms.
 *
 *   npm run bench:me-latency [-- mode=cloud|datacenter issues=60000 latency=3000 seconds=20]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { median, percentileOf, setSimLatency, sleep, startJiraLoad } from './setup';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const MODE = args.mode === 'datacenter' ? 'datacenter' : 'cloud';
const ISSUES = Number(args.issues ?? 60_000);
const LATENCY_MS = Number(args.latency ?? 3000);
const SECONDS = Number(args.seconds ?? 20);
const LIST_CLIENTS = 8;
const PREVIEW_MEMBERS = 20;
const TARGET_MEDIAN_MS = 50;

const setup = await startJiraLoad({ mode: MODE, issues: ISSUES, members: PREVIEW_MEMBERS, links: 1, env: { PACER_JIRA_MAX_IN_FLIGHT: '4' } });
try {
  const base = setup.pacer.baseUrl;
  const adminHeaders = { authorization: `Bearer ${setup.admin.token}` };
  // The measured user: nobody else uses this token, so whatever the server does per user for the
  // list loops (the admin) or the previews (the members) does not apply to it.
  const otherUserHeaders = { authorization: `Bearer ${setup.bystander.token}` };
  const settings = await fetch(`${base}/api/v1/settings`, {
    method: 'PATCH',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ maxIssuesPerLink: Math.max(ISSUES, 50_000) }),
  });
  if (!settings.ok) throw new Error(`Raising the cap failed: ${settings.status} ${await settings.text()}`);
  const link = setup.seeded.links[0];
  if (!link) throw new Error('no link');
  const issuesPath = `/api/v1/objectives/${link.objectiveId}/integration/issues`;

  // Wait for the server's first sync of the link (it was seeded due).
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const response = await fetch(`${base}${issuesPath}?limit=1`, { headers: adminHeaders });
    const body = (await response.json()) as { total?: number };
    if (response.ok && body.total === ISSUES) break;
    if (Date.now() > deadline) throw new Error(`The link was not synced in time: ${JSON.stringify(body)}`);
    await sleep(1000);
  }

  const measureMe = async (count: number): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const response = await fetch(`${base}/api/v1/me`, { headers: otherUserHeaders });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`GET /me answered ${response.status}`);
      times.push(performance.now() - started);
      await sleep(50);
    }
    return times;
  };
  // The measured user's own process (me-probe.ts): its event loop does nothing but time /me.
  const probe = (args: string[]): Promise<number[]> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'me-probe.ts'), base, setup.bystander.token, ...args], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`me-probe exited with code ${code}`))));
    });
  await measureMe(20); // warm-up
  const idleInProcess = await measureMe(100);
  const idle = await probe(['20', '100']);
  // One user paging normally on the idle server (one page of 500 after another, following the
  // cursor): what the server's fairness must not slow down.
  const singlePages: number[] = [];
  let singleCursor: string | null = null;
  for (let i = 0; i < 60; i++) {
    const started = performance.now();
    const query: string = singleCursor ? `?limit=500&cursor=${encodeURIComponent(singleCursor)}` : '?limit=500';
    const response = await fetch(`${base}${issuesPath}${query}`, { headers: adminHeaders });
    const text = await response.text();
    if (!response.ok) throw new Error(`A page answered ${response.status}: ${text}`);
    if (i >= 10) singlePages.push(performance.now() - started);
    singleCursor = (JSON.parse(text) as { nextCursor: string | null }).nextCursor;
  }

  await setSimLatency(setup.sim.url, LATENCY_MS);
  let running = true;
  const counts = { listPages: 0, listBytes: 0, listStatuses: new Map<number, number>(), previews: 0, previewStatuses: new Map<number, number>() };
  const listLoop = async () => {
    let cursor: string | null = null;
    while (running) {
      const query: string = cursor ? `?limit=500&cursor=${encodeURIComponent(cursor)}` : '?limit=500';
      const response = await fetch(`${base}${issuesPath}${query}`, { headers: adminHeaders });
      const text = await response.text();
      counts.listStatuses.set(response.status, (counts.listStatuses.get(response.status) ?? 0) + 1);
      if (response.ok) {
        counts.listPages++;
        counts.listBytes += text.length;
      }
      cursor = response.ok ? ((JSON.parse(text) as { nextCursor: string | null }).nextCursor ?? null) : null;
      // Refused (429: too many of this user's pages at once): back off as a script should.
      if (!response.ok) await sleep(200);
    }
  };
  const previewLoop = async (token: string) => {
    while (running) {
      const response = await fetch(`${base}/api/v1/integrations/jira/preview`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ connectionId: setup.seeded.connectionId, jql: setup.jql, metric: 'percent_done' }),
      });
      await response.arrayBuffer();
      counts.previews++;
      counts.previewStatuses.set(response.status, (counts.previewStatuses.get(response.status) ?? 0) + 1);
    }
  };
  const loops = [
    ...Array.from({ length: LIST_CLIENTS }, () => listLoop()),
    ...setup.members.flatMap((member) => [previewLoop(member.token), previewLoop(member.token)]),
  ];
  await sleep(2000);
  const loadBefore = loadavg()[0] ?? NaN;
  // Both at once: the probe (the figure) and, for comparison, the old way, in this process beside the loops.
  const loadedInProcess: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  const [loaded] = await Promise.all([
    probe(['0', '0', String(SECONDS)]),
    (async () => {
      while (Date.now() < until) loadedInProcess.push(...(await measureMe(10)));
    })(),
  ]);
  const loadAfter = loadavg()[0] ?? NaN;
  running = false;
  await setSimLatency(setup.sim.url, 0);
  await Promise.all(loops);

  console.log(`GET /api/v1/me of another user (${MODE}, SQLite, ${ISSUES.toLocaleString('en-US')} issues, Jira at ${LATENCY_MS} ms per request)\n`);
  const row = (label: string, times: number[]) =>
    console.log(`| ${label} | ${times.length} | ${median(times).toFixed(1)} ms | ${percentileOf(times, 95).toFixed(1)} ms | ${Math.max(...times).toFixed(1)} ms |`);
  const loadLabel = `${LIST_CLIENTS} clients looping on the issue list + ${PREVIEW_MEMBERS * 2} previews waiting`;
  console.log('| load | requests | median | p95 | max |');
  console.log('|---|---|---|---|---|');
  row('idle (baseline)', idle);
  row(loadLabel, loaded);
  row('idle, timed inside the benchmark process', idleInProcess);
  row(`${loadLabel}, timed inside the benchmark process beside the loops`, loadedInProcess);
  row('one user paging alone, idle: GET …/integration/issues?limit=500 one after another (not /me)', singlePages);
  console.log(
    `\nMeanwhile: ${counts.listPages} issue-list pages answered (${(counts.listBytes / 1024 / 1024).toFixed(1)} MB; ` +
      `${[...counts.listStatuses].map(([status, n]) => `${n} × ${status}`).join(', ')}), ${counts.previews} previews answered ` +
      `(${[...counts.previewStatuses].map(([status, n]) => `${n} × ${status}`).join(', ')}).`,
  );
  console.log(`Load average (1 min) when the loaded measurement started / ended: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)}`);
  const ok = median(loaded) < TARGET_MEDIAN_MS;
  console.log(`Target (median < ${TARGET_MEDIAN_MS} ms): ${ok ? 'holds' : 'missed'}`);
  if (!ok) process.exitCode = 1;
} finally {
  await setup.stop();
}
