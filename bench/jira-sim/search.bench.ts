/**
 * Jira simulator search throughput: warm requests per second for one page of 100 issues out
 * of 200,000, over real HTTP with 4 requests in flight, on Cloud (token paging) and Data Center
 * (startAt paging). The simulator runs in a child process; the client is a keep-alive
 * node:http agent. Run: npx tsx bench/jira-sim/search.bench.ts [seconds=5] [issues=200000]
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from '../../test/support/process-cpu';

const SECONDS = Number(process.argv[2] ?? 5);
const ISSUES = Number(process.argv[3] ?? 200_000);
const PROJECTS = 100;
const CONCURRENCY = 4;
const PAGE = 100;
/** The fields a Pacer sync asks for. */
const FIELDS = 'summary,status,assignee,updated,resolutiondate,issuetype,parent,labels';

interface SimProcess {
  url: string;
  authorization: string;
  projectKeys: string[];
  generateMs: number;
  pid: number;
  stop: () => void;
}

/** CPU seconds a process has used (Linux /proc; null elsewhere). */
function cpuSeconds(pid: number): number | null {
  try {
    return processCpuMs(pid) / 1000;
  } catch {
    return null;
  }
}

async function startSimProcess(mode: 'cloud' | 'datacenter'): Promise<SimProcess> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sim-process.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode, String(ISSUES), String(PROJECTS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`The simulator process exited with code ${code} before listening.`)));
  });
  return { ...(JSON.parse(first) as Omit<SimProcess, 'stop' | 'pid'>), pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(url: string, authorization: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { Authorization: authorization, Accept: 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** One client loop: walks the result page after page, starting over after the last page. */
async function cloudLoop(sim: SimProcess, jql: string, until: number, latencies: number[]): Promise<number> {
  let token: string | undefined;
  let requests = 0;
  while (performance.now() < until) {
    const query = new URLSearchParams({ jql, maxResults: String(PAGE), fields: FIELDS, ...(token ? { nextPageToken: token } : {}) });
    const started = performance.now();
    const { status, body } = await get(`${sim.url}/rest/api/3/search/jql?${query}`, sim.authorization);
    latencies.push(performance.now() - started);
    if (status !== 200) throw new Error(`search answered ${status}: ${body.slice(0, 200)}`);
    // The token sits at the end of the page; a full JSON.parse would make the client the bottleneck.
    const tail = body.slice(-400);
    token = /"nextPageToken":"([^"]+)"/.exec(tail)?.[1];
    if (!token && !tail.endsWith('"isLast":true}')) throw new Error(`unexpected page ending: ${tail}`);
    requests++;
  }
  return requests;
}

async function dataCenterLoop(sim: SimProcess, jql: string, until: number, latencies: number[], offset: number): Promise<number> {
  let startAt = offset * PAGE;
  let requests = 0;
  while (performance.now() < until) {
    const query = new URLSearchParams({ jql, startAt: String(startAt), maxResults: String(PAGE), fields: FIELDS });
    const started = performance.now();
    const { status, body } = await get(`${sim.url}/rest/api/2/search?${query}`, sim.authorization);
    latencies.push(performance.now() - started);
    if (status !== 200) throw new Error(`search answered ${status}: ${body.slice(0, 200)}`);
    const total = Number(/"total":(\d+)/.exec(body.slice(0, 200))?.[1]);
    startAt = startAt + PAGE * CONCURRENCY >= total ? offset * PAGE : startAt + PAGE * CONCURRENCY;
    requests++;
  }
  return requests;
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function measure(mode: 'cloud' | 'datacenter'): Promise<void> {
  const sim = await startSimProcess(mode);
  try {
    // Every issue of the 100 projects: the whole 200,000 match.
    const jql = `project in (${sim.projectKeys.map((k) => `"${k}"`).join(",")}) ORDER BY key ASC`;
    const coldStart = performance.now();
    const loopFor = (ms: number, latencies: number[]): Promise<number[]> => {
      const until = performance.now() + ms;
      return Promise.all(
        Array.from({ length: CONCURRENCY }, (_, i) => (mode === 'cloud' ? cloudLoop(sim, jql, until, latencies) : dataCenterLoop(sim, jql, until, latencies, i))),
      );
    };
    await loopFor(1, []);
    const coldMs = performance.now() - coldStart;
    await loopFor(1000, []); // warm-up: JIT, caches
    const latencies: number[] = [];
    const cpuBefore = cpuSeconds(sim.pid);
    const started = performance.now();
    const counts = await loopFor(SECONDS * 1000, latencies);
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = cpuSeconds(sim.pid);
    const total = counts.reduce((a, b) => a + b, 0);
    latencies.sort((a, b) => a - b);
    // Requests per CPU-second of the simulator process: what it could serve on one free core.
    const serverCpu = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
    const capacity = serverCpu ? `, simulator CPU ${((serverCpu * 1000) / total).toFixed(2)} ms/request ≈ ${Math.round(total / serverCpu).toLocaleString('en-US')} requests per core-second` : '';
    console.log(
      `${mode.padEnd(10)} ${ISSUES.toLocaleString('en-US')} issues, page ${PAGE}, ${CONCURRENCY} in flight: ` +
        `${Math.round(total / elapsed).toLocaleString('en-US')} requests/s ` +
        `(p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms; ` +
        `first search ${coldMs.toFixed(0)} ms; dataset generated in ${sim.generateMs.toFixed(0)} ms${capacity})`,
    );
  } finally {
    sim.stop();
  }
}

await measure('cloud');
await measure('datacenter');
agent.destroy();
