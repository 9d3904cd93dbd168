/**
 * The "other user" of bench:me-latency, in its own process: times `GET /api/v1/me` in batches of
 * 10 with 50 ms gaps and prints the times (ms) as one JSON line. Its own event loop does nothing
 * else, so the figures are the server's answer plus the wire, not the benchmark's 8 list loops
 * parsing their 116 KB pages in the same process (which added to every /me timed there).
 *
 *   tsx bench/jira-load/me-probe.ts <baseUrl> <token> <warmup> <count> [seconds]
 * With `seconds`, it measures batches of 10 until that many seconds have passed (count is ignored).
 */
import { setTimeout as sleep } from 'node:timers/promises';

const [baseUrl, token, warmupArg, countArg, secondsArg] = process.argv.slice(2);
if (!baseUrl || !token) throw new Error('usage: me-probe.ts <baseUrl> <token> <warmup> <count> [seconds]');
const headers = { authorization: `Bearer ${token}` };

async function measure(count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/api/v1/me`, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET /me answered ${response.status}`);
    times.push(performance.now() - started);
    await sleep(50);
  }
  return times;
}

await measure(Number(warmupArg ?? 0));
let times: number[];
if (secondsArg) {
  times = [];
  const until = Date.now() + Number(secondsArg) * 1000;
  while (Date.now() < until) times.push(...(await measure(10)));
} else {
  times = await measure(Number(countArg ?? 100));
}
process.stdout.write(`${JSON.stringify(times)}\n`);
