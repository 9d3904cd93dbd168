/**
 * Command line for the Jira simulator.
 *
 *   npm run jira-sim -- --mode cloud --port 8081 --scenario demo      start a simulator
 *   npm run jira-sim -- transition AE-790 Done --url http://localhost:8081 [--at 2026-02-10T16:00:00Z]
 *     prints "AE-790 moved from To Do to Done"; --json prints the simulator's answer instead
 *   npm run jira-sim -- create --project AE --summary "New story" --type Story --parent AE-786
 *   npm run jira-sim -- update AE-790 --assignee priya --story-points 5
 *   npm run jira-sim -- delete AE-790 | faults '{"latencyMs":200}' | reset | counters
 */
import { parseArgs } from 'node:util';
import { startJiraSim } from './index';
import type { DeploymentMode, SimIssue, SimStatus } from './model';
import { scenarioNames } from './scenario-registry';
import { loadScenarioFile } from './scenarios/index';

const USAGE = `Usage:
  jira-sim [--mode cloud|datacenter] [--port 8081] [--host 127.0.0.1] [--scenario demo|empty|large]
           [--issues 200000 --projects 100] [--scenario-file data.json] [--anonymous] [--no-basic-auth] [--seed 1]
  jira-sim transition <KEY> <STATUS> [--resolution NAME] [--at INSTANT] [--url URL] [--json]
  jira-sim create --project AE --summary TEXT [--type Story] [--parent KEY] [--assignee USER] [--status NAME] [--created INSTANT] [--url URL] [--json]
  jira-sim update <KEY> [--summary TEXT] [--assignee USER] [--story-points N] [--labels a,b] [--at INSTANT] [--url URL]
  jira-sim delete <KEY> [--url URL]
  jira-sim faults '<json>' | faults clear  [--url URL]
  jira-sim reset | counters [--url URL]
The --url of a running simulator defaults to http://127.0.0.1:8081. An INSTANT is ISO 8601 with a
zone (2026-02-10T16:00:00Z): --at backdates a write, --created an issue's creation.
transition and create print a sentence; --json prints the simulator's JSON answer instead.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      mode: { type: 'string', default: 'cloud' },
      port: { type: 'string', default: '8081' },
      host: { type: 'string', default: '127.0.0.1' },
      scenario: { type: 'string', default: 'demo' },
      'scenario-file': { type: 'string' },
      issues: { type: 'string' },
      projects: { type: 'string' },
      seed: { type: 'string', default: '1' },
      anonymous: { type: 'boolean', default: false },
      'no-basic-auth': { type: 'boolean', default: false },
      url: { type: 'string', default: 'http://127.0.0.1:8081' },
      resolution: { type: 'string' },
      project: { type: 'string' },
      summary: { type: 'string' },
      type: { type: 'string' },
      parent: { type: 'string' },
      assignee: { type: 'string' },
      status: { type: 'string' },
      'story-points': { type: 'string' },
      labels: { type: 'string' },
      at: { type: 'string' },
      created: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, ...args] = positionals;
  if (!command || command === 'start') return start(values);

  const url = values.url;
  /** The control API's answer as text, or null after saying on stderr what the simulator refused. */
  const request = async (method: string, path: string, body?: unknown): Promise<string | null> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((error: unknown) => {
      throw new Error(`Could not reach a simulator at ${url} (${String(error)}). Start one with: npm run jira-sim -- --port 8081`);
    });
    const text = await response.text();
    if (!response.ok) {
      console.error(`The simulator answered ${response.status}: ${text}`);
      return null;
    }
    return text;
  };
  const call = async (method: string, path: string, body?: unknown): Promise<number> => {
    const text = await request(method, path, body);
    if (text === null) return 1;
    console.log(text);
    return 0;
  };
  /** Says in words what a write did (`sentence` reads the answer); --json prints the answer as it came. */
  const tell = async (method: string, path: string, body: unknown, sentence: (answer: SimIssue, statusName: (id: string) => string) => Promise<string> | string): Promise<number> => {
    if (values.json) return call(method, path, body);
    const text = await request(method, path, body);
    if (text === null) return 1;
    const statuses = await request('GET', '/_sim/statuses');
    const names = new Map(statuses === null ? [] : (JSON.parse(statuses) as SimStatus[]).map((status) => [status.id, status.name]));
    console.log(await sentence(JSON.parse(text) as SimIssue, (id) => names.get(id) ?? `status ${id}`));
    return 0;
  };

  switch (command) {
    case 'transition': {
      const [key, status] = args;
      if (!key || !status) return usageError('transition needs an issue key and a status name, e.g. transition AE-790 Done');
      // The status before the move, for "moved from To Do to Done" (skipped with --json).
      const before = values.json ? null : await request('GET', `/_sim/issues/${encodeURIComponent(key)}`);
      if (!values.json && before === null) return 1;
      const body = {
        status,
        ...(values.resolution !== undefined ? { resolution: values.resolution } : {}),
        ...(values.at !== undefined ? { at: values.at } : {}),
      };
      return tell('POST', `/_sim/issues/${encodeURIComponent(key)}/transition`, body, (after, statusName) => {
        const from = statusName((JSON.parse(before ?? '{}') as Partial<SimIssue>).statusId ?? '');
        const to = statusName(after.statusId);
        const resolution = after.resolution ? ` (resolution ${after.resolution})` : '';
        return from === to ? `${after.key} stays in ${to}${resolution}.` : `${after.key} moved from ${from} to ${to}${resolution}.`;
      });
    }
    case 'create':
      if (!values.project || !values.summary) return usageError('create needs --project and --summary');
      return tell('POST', '/_sim/issues', {
        projectKey: values.project,
        summary: values.summary,
        ...(values.type ? { issueType: values.type } : {}),
        ...(values.parent ? { parentKey: values.parent } : {}),
        ...(values.assignee ? { assignee: values.assignee } : {}),
        ...(values.status ? { status: values.status } : {}),
        ...(values.created ? { created: values.created } : {}),
      }, (created, statusName) => `Created ${created.key} “${created.summary}” (${created.issueType}, ${statusName(created.statusId)}).`);
    case 'update': {
      const [key] = args;
      if (!key) return usageError('update needs an issue key');
      return call('PATCH', `/_sim/issues/${encodeURIComponent(key)}`, {
        ...(values.summary ? { summary: values.summary } : {}),
        ...(values.assignee ? { assignee: values.assignee } : {}),
        ...(values['story-points'] ? { storyPoints: Number(values['story-points']) } : {}),
        ...(values.labels ? { labels: values.labels.split(',') } : {}),
        ...(values.at ? { at: values.at } : {}),
      });
    }
    case 'delete': {
      const [key] = args;
      if (!key) return usageError('delete needs an issue key');
      return call('DELETE', `/_sim/issues/${encodeURIComponent(key)}`);
    }
    case 'faults': {
      const [config] = args;
      if (!config) return call('GET', '/_sim/faults');
      if (config === 'clear') return call('DELETE', '/_sim/faults');
      return call('PUT', '/_sim/faults', JSON.parse(config) as unknown);
    }
    case 'reset':
      return call('POST', '/_sim/reset');
    case 'counters':
      return call('GET', '/_sim/counters');
    default:
      return usageError(`Unknown command '${command}'.`);
  }
}

function usageError(message: string): number {
  console.error(`${message}\n\n${USAGE}`);
  return 2;
}

interface StartOptions {
  mode?: string;
  port?: string;
  host?: string;
  scenario?: string;
  'scenario-file'?: string;
  issues?: string;
  projects?: string;
  seed?: string;
  anonymous?: boolean;
  'no-basic-auth'?: boolean;
}

async function start(values: StartOptions): Promise<number> {
  const mode = values.mode as DeploymentMode;
  if (mode !== 'cloud' && mode !== 'datacenter') return usageError(`--mode must be cloud or datacenter, not '${values.mode}'.`);
  const scenario = values['scenario-file'] ? `file ${values['scenario-file']}` : (values.scenario ?? 'demo');
  if (!values['scenario-file'] && !scenarioNames().includes(scenario)) return usageError(`--scenario must be one of ${scenarioNames().join(', ')}.`);
  const scenarioOptions: Record<string, number> = {};
  if (values.issues) scenarioOptions.issues = Number(values.issues);
  if (values.projects) scenarioOptions.projects = Number(values.projects);
  const sim = await startJiraSim({
    mode,
    port: Number(values.port),
    host: values.host,
    ...(values['scenario-file'] ? { dataset: await loadScenarioFile(values['scenario-file']) } : { scenario, scenarioOptions }),
    seed: Number(values.seed),
    settings: { anonymousAccess: values.anonymous === true, basicAuthDisabled: values['no-basic-auth'] === true },
  });
  const users = sim.store.dataset.users;
  console.log(`Jira ${mode === 'cloud' ? 'Cloud' : 'Data Center'} simulator listening on ${sim.url} (scenario '${scenario}', ${sim.store.size} issues)`);
  console.log('These are simulator-only demo credentials:');
  for (const user of users.slice(0, 6)) {
    if (mode === 'cloud') console.log(`  ${user.displayName.padEnd(20)} email ${user.emailAddress}  API token ${user.apiToken}`);
    else console.log(`  ${user.displayName.padEnd(20)} username ${user.name}  password ${user.password}  PAT ${user.personalAccessTokens[0] ?? '-'}`);
  }
  const first = users[0];
  const project = sim.store.dataset.projects[0]?.key ?? 'AE';
  if (first) {
    const login = mode === 'cloud' ? `${first.emailAddress}:${first.apiToken}` : `${first.name}:${first.password}`;
    const demo = scenario === 'demo';
    const jql = encodeURIComponent(demo ? (mode === 'cloud' ? 'parent = AE-786' : '"Epic Link" = AE-786') : `project = "${project}"`);
    const path = mode === 'cloud' ? `/rest/api/3/search/jql?jql=${jql}&fields=summary,status` : `/rest/api/2/search?jql=${jql}&fields=summary,status`;
    console.log(`Try: curl -u '${login}' '${sim.url}${path}'`);
    if (demo) console.log(`Move an issue: npm run jira-sim -- transition AE-790 Done --url ${sim.url}`);
  }
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
