/**
 * Runs one simulator with a large generated dataset in its own process, so the benchmark's
 * client doesn't share the simulator's event loop. Prints one JSON line once it listens.
 *   tsx bench/jira-sim/sim-process.ts <cloud|datacenter> <issues> <projects>
 */
import { startJiraSim } from '../../jira-sim/src/index';
import { generateLargeDataset } from '../../jira-sim/src/scenarios/index';
import type { DeploymentMode } from '../../jira-sim/src/model';

const mode = (process.argv[2] ?? 'cloud') as DeploymentMode;
const issues = Number(process.argv[3] ?? 200_000);
const projects = Number(process.argv[4] ?? 100);

const generatedAt = performance.now();
const dataset = generateLargeDataset({ mode, issues, projects, seed: 1 });
const generateMs = performance.now() - generatedAt;
const sim = await startJiraSim({ mode, dataset, control: false });
const user = dataset.users[0]!;
const login = mode === 'cloud' ? `${user.emailAddress}:${user.apiToken}` : `${user.name}:${user.password}`;
process.stdout.write(
  `${JSON.stringify({ url: sim.url, authorization: `Basic ${Buffer.from(login).toString('base64')}`, projectKeys: dataset.projects.map((p) => p.key), generateMs })}\n`,
);
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
