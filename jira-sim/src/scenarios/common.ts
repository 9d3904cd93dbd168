/**
 * Building blocks shared by the scenarios: the instance's statuses and custom fields per
 * deployment mode, a seeded random generator, user and issue factories.
 */
import type { DeploymentMode, SimCustomField, SimIssue, SimStatus, SimUser } from '../model';

/** Jira's default workflow statuses with the ids a fresh instance gives them. */
export const DEFAULT_STATUSES: SimStatus[] = [
  { id: '10000', name: 'To Do', categoryKey: 'new' },
  { id: '3', name: 'In Progress', categoryKey: 'indeterminate' },
  { id: '10002', name: 'In Review', categoryKey: 'indeterminate' },
  { id: '10001', name: 'Done', categoryKey: 'done' },
  { id: '6', name: 'Closed', categoryKey: 'done' },
];

export const STATUS_ID = { toDo: '10000', inProgress: '3', inReview: '10002', done: '10001', closed: '6' } as const;

/**
 * Story points live in a custom field whose id and name differ per instance: Cloud's
 * team-managed "Story point estimate", Data Center's classic "Story Points".
 */
export function storyPointsFieldFor(mode: DeploymentMode): SimCustomField {
  return mode === 'cloud'
    ? { id: 'customfield_10016', name: 'Story point estimate', schemaType: 'number', schemaCustom: 'com.pyxis.greenhopper.jira:jsw-story-points', schemaCustomId: 10016 }
    : { id: 'customfield_10106', name: 'Story Points', schemaType: 'number', schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', schemaCustomId: 10106 };
}

export function epicLinkFieldFor(mode: DeploymentMode): SimCustomField {
  return mode === 'cloud'
    ? { id: 'customfield_10014', name: 'Epic Link', schemaType: 'any', schemaCustom: 'com.pyxis.greenhopper.jira:gh-epic-link', schemaCustomId: 10014 }
    : { id: 'customfield_10101', name: 'Epic Link', schemaType: 'any', schemaCustom: 'com.pyxis.greenhopper.jira:gh-epic-link', schemaCustomId: 10101 };
}

export const EXTRA_NUMBER_FIELDS: SimCustomField[] = [
  { id: 'customfield_10200', name: 'Business Value', schemaType: 'number', schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', schemaCustomId: 10200 },
  { id: 'customfield_10201', name: 'Risk Score', schemaType: 'number', schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', schemaCustomId: 10201 },
];

/** mulberry32: tiny, fast, and the same sequence on every machine for a given seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A stable 24-hex-digit id shaped like a Cloud accountId, derived from the username. */
export function accountIdFor(username: string): string {
  let hash = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < 24; round++) {
    for (const char of `${username}#${round}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    out += hash.toString(16).padStart(8, '0');
  }
  return out.slice(0, 24);
}

export interface PersonSpec {
  username: string;
  displayName: string;
  groups?: string[];
  allowedProjectKeys?: string[];
}

/** A user with deterministic secrets: API token (Cloud), password (DC basic) and one PAT (DC Bearer). */
export function makeUser(spec: PersonSpec, index: number): SimUser {
  return {
    accountId: accountIdFor(spec.username),
    name: spec.username,
    key: `JIRAUSER${10100 + index}`,
    displayName: spec.displayName,
    emailAddress: `${spec.username}@example.com`,
    apiToken: `sim-api-token-${spec.username}`,
    password: `${spec.username}-password`,
    personalAccessTokens: [`sim-pat-${spec.username}`],
    groups: spec.groups ?? ['jira-software-users'],
    active: true,
    ...(spec.allowedProjectKeys ? { allowedProjectKeys: spec.allowedProjectKeys } : {}),
  };
}

/** An issue with every optional field empty; callers fill in what the scenario needs. */
export function blankIssue(fields: Pick<SimIssue, 'id' | 'key' | 'projectKey' | 'issueType' | 'summary' | 'statusId' | 'created'>): SimIssue {
  return {
    description: null,
    resolution: null,
    resolutionDate: null,
    updated: fields.created,
    dueDate: null,
    assigneeAccountId: null,
    reporterAccountId: null,
    labels: [],
    priority: 'Medium',
    components: [],
    fixVersions: [],
    parentKey: null,
    epicLinkKey: null,
    storyPoints: null,
    originalEstimateSeconds: null,
    remainingEstimateSeconds: null,
    timeSpentSeconds: null,
    customNumbers: {},
    ...fields,
  };
}

/**
 * Links a child to its epic the way each deployment does: Cloud through `parent`, Data Center
 * through the "Epic Link" field (parent stays empty there).
 */
export function linkToEpic(issue: SimIssue, epicKey: string, mode: DeploymentMode): void {
  if (mode === 'cloud') issue.parentKey = epicKey;
  else issue.epicLinkKey = epicKey;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const iso = (ms: number): string => new Date(ms).toISOString();
export const day = (ms: number): string => iso(ms).slice(0, 10);
