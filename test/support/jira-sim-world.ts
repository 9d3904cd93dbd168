/**
 * A Jira simulator sized for sync-scale runs: `projects` projects of equal size, one query per
 * project (`project = "KEY"`, one search page each), and the login of its admin user.
 */
import { buildScenario, startJiraSim, type DeploymentMode, type JiraSim } from '../../jira-sim/src/index';
import type { JiraLogin } from './sync-links-seed';

export interface SimWorld {
  sim: JiraSim;
  login: JiraLogin;
  /** One query per project. */
  queries: string[];
}

export async function startSimWorld(options: { projects: number; issuesPerProject: number; mode?: DeploymentMode; port?: number }): Promise<SimWorld> {
  const mode = options.mode ?? 'cloud';
  const dataset = buildScenario('large', { mode, now: new Date(), options: { projects: options.projects, issues: options.projects * options.issuesPerProject, users: 5 } });
  const sim = await startJiraSim({ mode, port: options.port ?? 0, dataset, control: true });
  const admin = sim.store.dataset.users[0];
  if (!admin) throw new Error('The simulator has no users.');
  const login: JiraLogin =
    mode === 'cloud'
      ? { url: sim.url, deploymentType: mode, username: admin.emailAddress, secret: admin.apiToken }
      : { url: sim.url, deploymentType: mode, username: admin.name, secret: admin.password };
  return { sim, login, queries: dataset.projects.map((project) => `project = "${project.key}"`) };
}
