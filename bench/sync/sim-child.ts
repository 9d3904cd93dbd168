/**
 * The simulator for the sync benchmarks, in its own process so its CPU does not count as Pacer's.
 * Generates the large dataset, adds latency to every Jira API request (the control API answers at
 * once), and prints one JSON line once it listens: URL, login, and the issues of each project.
 *
 *   tsx bench/sync/sim-child.ts <cloud|datacenter> <issues> <projects> <latencyMs>
 */
import { startJiraSim } from '../../jira-sim/src/index';
import type { DeploymentMode } from '../../jira-sim/src/model';
import { generateLargeDataset } from '../../jira-sim/src/scenarios/index';

export interface SimChildInfo {
  url: string;
  deploymentType: DeploymentMode;
  login: { username: string; secret: string };
  authorization: string;
  storyPointsFieldId: string;
  projects: Array<{ key: string; issues: number }>;
}

const mode: DeploymentMode = process.argv[2] === 'datacenter' ? 'datacenter' : 'cloud';
const issues = Number(process.argv[3] ?? 200_000);
const projects = Number(process.argv[4] ?? 100);
const latencyMs = Number(process.argv[5] ?? 50);

const dataset = generateLargeDataset({ mode, issues, projects, seed: 1, now: new Date() });
const sim = await startJiraSim({ mode, dataset, control: true });
sim.faults.set({ latencyMs });
const admin = dataset.users[0];
if (!admin) throw new Error('The generated dataset has no users.');
const login = mode === 'cloud' ? { username: admin.emailAddress, secret: admin.apiToken } : { username: admin.name, secret: admin.password };
const perProject = new Map<string, number>();
for (const issue of dataset.issues) perProject.set(issue.projectKey, (perProject.get(issue.projectKey) ?? 0) + 1);
const info: SimChildInfo = {
  url: sim.url,
  deploymentType: mode,
  login,
  authorization: sim.authorizationFor(),
  storyPointsFieldId: dataset.storyPointsField.id,
  projects: dataset.projects.map((project) => ({ key: project.key, issues: perProject.get(project.key) ?? 0 })),
};
process.stdout.write(`${JSON.stringify(info)}\n`);
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
