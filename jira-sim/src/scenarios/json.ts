/**
 * Scenarios as JSON, so tests and the control API can load a data set from a file or a request
 * body. The JSON has the shape of SimDataset; optional issue fields default to empty, statuses and
 * custom fields default to the instance defaults of the mode. Validation names every problem
 * with its path (e.g. `issues[3].statusId`) so a broken scenario is quick to fix.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { SimDataset } from '../model';
import { DEFAULT_STATUSES, EXTRA_NUMBER_FIELDS, epicLinkFieldFor, storyPointsFieldFor } from './common';

const isoInstant = z.iso.datetime({ offset: true });
const isoDay = z.iso.date();

const customField = z.strictObject({
  id: z.string().regex(/^customfield_\d+$/),
  name: z.string().min(1),
  schemaType: z.enum(['number', 'string', 'any']),
  schemaCustom: z.string(),
  schemaCustomId: z.number().int().positive(),
});

const user = z.strictObject({
  accountId: z.string().min(1),
  name: z.string().min(1),
  key: z.string().min(1),
  displayName: z.string().min(1),
  emailAddress: z.string().min(1),
  apiToken: z.string(),
  password: z.string(),
  personalAccessTokens: z.array(z.string()).default([]),
  allowedProjectKeys: z.array(z.string()).optional(),
  groups: z.array(z.string()).default(['jira-software-users']),
  active: z.boolean().default(true),
});

const project = z.strictObject({
  id: z.string().regex(/^\d+$/),
  key: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a project key is upper-case letters, digits and _ , starting with a letter'),
  name: z.string().min(1),
  components: z.array(z.string()).default([]),
  versions: z.array(z.string()).default([]),
  anonymousBrowse: z.boolean().optional(),
});

const issue = z.strictObject({
  id: z.string().regex(/^\d+$/, 'an issue id is a numeric string'),
  key: z.string().regex(/^[A-Z][A-Z0-9_]*-\d+$/, 'an issue key looks like PROJ-123'),
  projectKey: z.string(),
  issueType: z.enum(['Epic', 'Story', 'Task', 'Bug', 'Sub-task']),
  summary: z.string().min(1),
  description: z.string().nullable().default(null),
  statusId: z.string(),
  resolution: z.string().nullable().default(null),
  resolutionDate: isoInstant.nullable().default(null),
  created: isoInstant,
  updated: isoInstant.optional(),
  /** Cloud's statuscategorychangedate; default: the resolution date of a done issue, else created. */
  statusCategoryChangedAt: isoInstant.optional(),
  dueDate: isoDay.nullable().default(null),
  assigneeAccountId: z.string().nullable().default(null),
  reporterAccountId: z.string().nullable().default(null),
  labels: z.array(z.string().regex(/^\S+$/, 'labels cannot contain spaces')).default([]),
  priority: z.string().nullable().default('Medium'),
  components: z.array(z.string()).default([]),
  fixVersions: z.array(z.string()).default([]),
  parentKey: z.string().nullable().default(null),
  epicLinkKey: z.string().nullable().default(null),
  storyPoints: z.number().nullable().default(null),
  originalEstimateSeconds: z.number().int().nonnegative().nullable().default(null),
  remainingEstimateSeconds: z.number().int().nonnegative().nullable().default(null),
  timeSpentSeconds: z.number().int().nonnegative().nullable().default(null),
  customNumbers: z.record(z.string(), z.number().nullable()).default({}),
});

export const scenarioSchema = z.strictObject({
  mode: z.enum(['cloud', 'datacenter']),
  baseUrl: z.string().optional(),
  serverTitle: z.string().default('Jira simulator'),
  projects: z.array(project).min(1),
  statuses: z
    .array(z.strictObject({ id: z.string().min(1), name: z.string().min(1), categoryKey: z.enum(['undefined', 'new', 'indeterminate', 'done']) }))
    .optional(),
  users: z.array(user).min(1),
  issues: z.array(issue),
  storyPointsField: customField.optional(),
  epicLinkField: customField.optional(),
  extraNumberFields: z.array(customField).optional(),
});

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(`The scenario is not valid: ${problems.join('; ')}. Fix these entries and load it again.`);
    this.name = 'ScenarioError';
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}

/** Validates a parsed JSON scenario and returns the data set; throws ScenarioError listing every problem. */
export function parseScenario(json: unknown): SimDataset {
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) {
    throw new ScenarioError(parsed.error.issues.map((problem) => `${pathOf(problem.path) || '(root)'}: ${problem.message}`));
  }
  const input = parsed.data;
  const dataset: SimDataset = {
    mode: input.mode,
    ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
    serverTitle: input.serverTitle,
    projects: input.projects,
    statuses: input.statuses ?? DEFAULT_STATUSES.map((s) => ({ ...s })),
    users: input.users,
    issues: input.issues.map((i) => ({ ...i, updated: i.updated ?? i.created })),
    storyPointsField: input.storyPointsField ?? storyPointsFieldFor(input.mode),
    epicLinkField: input.epicLinkField ?? epicLinkFieldFor(input.mode),
    extraNumberFields: input.extraNumberFields ?? EXTRA_NUMBER_FIELDS.map((f) => ({ ...f })),
  };
  const problems = referenceProblems(dataset);
  if (problems.length > 0) throw new ScenarioError(problems);
  return dataset;
}

export async function loadScenarioFile(path: string): Promise<SimDataset> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ScenarioError([`${path}: cannot read it as JSON (${(error as Error).message})`]);
  }
  return parseScenario(json);
}

/** Cross-references zod cannot check: unique ids and keys, and every key/id pointing at something real. */
export function referenceProblems(dataset: SimDataset): string[] {
  const problems: string[] = [];
  const unique = (what: string, values: string[]): Set<string> => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) problems.push(`${what} '${value}' appears more than once`);
      seen.add(value);
    }
    return seen;
  };
  const projects = unique('project key', dataset.projects.map((p) => p.key));
  unique('project id', dataset.projects.map((p) => p.id));
  const statuses = unique('status id', dataset.statuses.map((s) => s.id));
  const accounts = unique('accountId', dataset.users.map((u) => u.accountId));
  unique('username', dataset.users.map((u) => u.name));
  const keys = unique('issue key', dataset.issues.map((i) => i.key));
  unique('issue id', dataset.issues.map((i) => i.id));
  const customIds = new Set([dataset.storyPointsField, dataset.epicLinkField, ...dataset.extraNumberFields].map((f) => f.id));
  dataset.issues.forEach((issue, index) => {
    const at = `issues[${index}] (${issue.key})`;
    if (!projects.has(issue.projectKey)) problems.push(`${at}: project '${issue.projectKey}' is not in projects`);
    if (!issue.key.startsWith(`${issue.projectKey}-`)) problems.push(`${at}: key does not start with '${issue.projectKey}-'`);
    if (!statuses.has(issue.statusId)) problems.push(`${at}: status id '${issue.statusId}' is not in statuses`);
    for (const field of ['assigneeAccountId', 'reporterAccountId'] as const) {
      const account = issue[field];
      if (account !== null && !accounts.has(account)) problems.push(`${at}: ${field} '${account}' is not a user`);
    }
    for (const field of ['parentKey', 'epicLinkKey'] as const) {
      const key = issue[field];
      if (key !== null && !keys.has(key)) problems.push(`${at}: ${field} '${key}' is not an issue`);
    }
    for (const id of Object.keys(issue.customNumbers)) {
      if (!customIds.has(id)) problems.push(`${at}: customNumbers has '${id}', which is not a custom field of the scenario`);
    }
    if (Date.parse(issue.updated) < Date.parse(issue.created)) problems.push(`${at}: updated is before created`);
    if (issue.statusCategoryChangedAt !== undefined && Date.parse(issue.statusCategoryChangedAt) < Date.parse(issue.created)) {
      problems.push(`${at}: statusCategoryChangedAt is before created`);
    }
  });
  for (const u of dataset.users) {
    for (const key of u.allowedProjectKeys ?? []) {
      if (!projects.has(key)) problems.push(`user '${u.name}': allowed project '${key}' is not in projects`);
    }
  }
  return problems;
}
