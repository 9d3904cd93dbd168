/** Scenarios the simulator ships: the demo data set, the large generator, and JSON loading. */
import type { DeploymentMode, SimDataset } from '../model';
import { buildDemoDataset } from './demo';

export { DEMO_DEFAULT_NOW, DEMO_PEOPLE, buildDemoDataset } from './demo';
export type { DemoOptions } from './demo';
export { generateLargeDataset, projectKeyFor } from './large';
export type { LargeDatasetOptions } from './large';
export { ScenarioError, loadScenarioFile, parseScenario, referenceProblems, scenarioSchema } from './json';
export { DEFAULT_STATUSES, STATUS_ID, epicLinkFieldFor, storyPointsFieldFor } from './common';

export const SCENARIO_NAMES = ['demo'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** A named built-in scenario; `now` lays the demo's dates out against the real clock when given. */
export function buildScenario(name: ScenarioName, mode: DeploymentMode, now?: Date): SimDataset {
  switch (name) {
    case 'demo':
      return buildDemoDataset(mode, now ? { now } : {});
  }
}
