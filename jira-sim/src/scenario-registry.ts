/**
 * Named scenarios the simulator can load (`--scenario`, `POST /_sim/scenario {"name"}`).
 */
import type { DeploymentMode, SimDataset } from './model';
import { buildDemoDataset, generateLargeDataset, parseScenario } from './scenarios/index';
import { DEFAULT_STATUSES, EXTRA_NUMBER_FIELDS, epicLinkFieldFor, makeUser, storyPointsFieldFor } from './scenarios/common';

export interface ScenarioContext {
  mode: DeploymentMode;
  now: Date;
  options?: Record<string, unknown>;
}

type ScenarioBuilder = (context: ScenarioContext) => SimDataset;

/** One user and one project, no issues: a clean slate for tests that create their own data. */
export function emptyDataset(mode: DeploymentMode): SimDataset {
  return {
    mode,
    serverTitle: 'Jira Simulator',
    projects: [{ id: '10000', key: 'AE', name: 'Email', components: [], versions: [] }],
    statuses: DEFAULT_STATUSES,
    users: [makeUser({ username: 'dana', displayName: 'Dana Whitfield', groups: ['jira-administrators', 'jira-software-users'] }, 0)],
    issues: [],
    storyPointsField: storyPointsFieldFor(mode),
    epicLinkField: epicLinkFieldFor(mode),
    extraNumberFields: EXTRA_NUMBER_FIELDS,
  };
}

const numberOption = (options: Record<string, unknown> | undefined, name: string, fallback: number): number => {
  const value = options?.[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`Scenario option '${name}' must be a non-negative number, not ${JSON.stringify(value)}.`);
  }
  return value;
};

const SCENARIOS: Record<string, ScenarioBuilder> = {
  demo: ({ mode, now }) => buildDemoDataset(mode, { now }),
  empty: ({ mode }) => emptyDataset(mode),
  /** Options: projects (100), issues (200,000), seed (1), users (250). */
  large: ({ mode, now, options }) =>
    generateLargeDataset({
      mode,
      now,
      projects: numberOption(options, 'projects', 100),
      issues: numberOption(options, 'issues', 200_000),
      seed: numberOption(options, 'seed', 1),
      users: numberOption(options, 'users', 250),
    }),
};

/** A dataset sent as JSON (control API, files): checked for shape and dangling references. */
export function datasetFromJson(json: unknown): SimDataset {
  return parseScenario(json);
}

export function scenarioNames(): string[] {
  return Object.keys(SCENARIOS);
}

export function buildScenario(name: string, context: ScenarioContext): SimDataset {
  const builder = SCENARIOS[name];
  if (!builder) throw new Error(`Unknown scenario '${name}'; the simulator knows: ${scenarioNames().join(', ')}.`);
  return builder(context);
}
