/**
 * Preview of a query matching 60,000 issues (issue 10): the Jira requests one preview makes, and
 * the real server's RSS before and after 16 concurrent previews (8 members, 2 each: the per-user
 * limit lets each member have 2 in flight). Target: less than 50 MB of growth.
 *
 *   npm run bench:preview [-- mode=cloud|datacenter issues=60000 metric=percent_done|done_count]
 */
import { clearSimRequests, memoryOf, resetPeak, simRequests, sleep, startJiraLoad } from './setup';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const MODE = args.mode === 'datacenter' ? 'datacenter' : 'cloud';
const ISSUES = Number(args.issues ?? 60_000);
const METRIC = args.metric === 'done_count' ? 'done_count' : 'percent_done';
const CONCURRENT = 16;
const TARGET_GROWTH_MB = 50;

const setup = await startJiraLoad({ mode: MODE, issues: ISSUES, members: CONCURRENT / 2, links: 0 });
try {
  const body = {
    connectionId: setup.seeded.connectionId,
    jql: setup.jql,
    metric: METRIC,
    ...(METRIC === 'done_count' ? { targetValue: 100 } : {}),
  };
  const preview = async (token: string) => {
    const started = performance.now();
    const response = await fetch(`${setup.pacer.baseUrl}/api/v1/integrations/jira/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { total?: number; issues?: unknown[]; error?: { code: string; message: string } };
    return { status: response.status, ms: performance.now() - started, answer };
  };

  // The cap is 50,000 by default: raise it so the 60,000-issue query is previewed, not refused.
  const settings = await fetch(`${setup.pacer.baseUrl}/api/v1/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${setup.admin.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ maxIssuesPerLink: Math.max(ISSUES, 50_000) }),
  });
  if (!settings.ok) throw new Error(`Raising the cap failed: ${settings.status} ${await settings.text()}`);

  const firstMember = setup.members[0];
  if (!firstMember) throw new Error('no member');
  await clearSimRequests(setup.sim.url);
  const single = await preview(firstMember.token);
  if (single.status !== 200) throw new Error(`The preview answered ${single.status}: ${JSON.stringify(single.answer)}`);
  const requests = (await simRequests(setup.sim.url)).filter((request) => !request.path.startsWith('/_sim'));

  await sleep(2000);
  const before = memoryOf(setup.pacer.pid);
  const peakReset = resetPeak(setup.pacer.pid);
  const concurrent = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => preview(setup.members[i % setup.members.length]?.token ?? '')));
  const right = memoryOf(setup.pacer.pid);
  await sleep(5000);
  const after = memoryOf(setup.pacer.pid);
  const statuses = concurrent.map((c) => c.status);
  const growth = after.rssMb - before.rssMb;
  const peakGrowth = right.peakMb - before.rssMb;

  console.log(`Preview of ${METRIC} on a query matching ${single.answer.total?.toLocaleString('en-US')} issues (${MODE}, SQLite)\n`);
  console.log('| figure | value |');
  console.log('|---|---|');
  console.log(`| Jira requests for one preview | ${requests.length} (${requests.map((r) => `${r.method} ${r.path.split('?')[0]}`).join(', ')}) |`);
  console.log(`| one preview's time | ${single.ms.toFixed(0)} ms |`);
  console.log(`| ${CONCURRENT} concurrent previews: answers | ${[...new Set(statuses)].map((s) => `${statuses.filter((x) => x === s).length} × ${s}`).join(', ')} |`);
  console.log(`| slowest of the ${CONCURRENT} | ${Math.max(...concurrent.map((c) => c.ms)).toFixed(0)} ms |`);
  console.log(`| RSS before | ${before.rssMb.toFixed(0)} MB |`);
  console.log(`| peak during ${peakReset ? '(VmHWM reset before)' : '(since start)'} | ${right.peakMb.toFixed(0)} MB (+${peakGrowth.toFixed(0)} MB) |`);
  console.log(`| RSS 5 s after | ${after.rssMb.toFixed(0)} MB (+${growth.toFixed(0)} MB) |`);
  const ok = statuses.every((s) => s === 200) && growth < TARGET_GROWTH_MB && peakGrowth < TARGET_GROWTH_MB;
  console.log(`\nTarget (< ${TARGET_GROWTH_MB} MB growth, every preview answered): ${ok ? 'holds' : 'missed'}`);
  if (!ok) process.exitCode = 1;
} finally {
  await setup.stop();
}
