/**
 * A small fixed dataset for the simulator's HTTP tests: project AE (an epic with 120
 * children) and project OPS (30 tasks, open to anonymous users), a restricted user and an
 * inactive one. Built from the model only, so tests don't depend on the demo scenario.
 */
import type { DeploymentMode, SimDataset, SimIssue, SimStatus, SimUser } from '../model';

export const FIXTURE_NOW = new Date('2026-10-01T09:30:00.000Z');

const STATUSES: SimStatus[] = [
  { id: '10000', name: 'To Do', categoryKey: 'new' },
  { id: '3', name: 'In Progress', categoryKey: 'indeterminate' },
  { id: '10001', name: 'Done', categoryKey: 'done' },
];

function user(name: string, index: number, extra: Partial<SimUser> = {}): SimUser {
  return {
    accountId: `5b10ac8d82e05b22cc7d4e${String(index).padStart(2, '0')}`,
    name,
    key: `JIRAUSER${10100 + index}`,
    displayName: name[0]!.toUpperCase() + name.slice(1),
    emailAddress: `${name}@example.com`,
    apiToken: `token-${name}`,
    password: `password-${name}`,
    personalAccessTokens: [`pat-${name}`],
    groups: ['jira-software-users'],
    active: true,
    ...extra,
  };
}

export const USERS = {
  dana: user('dana', 0),
  priya: user('priya', 1),
  /** Sees only OPS. */
  rita: user('rita', 2, { allowedProjectKeys: ['OPS'] }),
  ian: user('ian', 3, { active: false }),
};

function issue(id: number, key: string, fields: Partial<SimIssue>): SimIssue {
  const created = new Date(FIXTURE_NOW.getTime() - (1000 - id) * 3_600_000).toISOString();
  return {
    id: String(id),
    key,
    projectKey: key.split('-')[0]!,
    issueType: 'Story',
    summary: `Issue ${key}`,
    description: `Description of ${key}`,
    statusId: '10000',
    resolution: null,
    resolutionDate: null,
    created,
    updated: created,
    dueDate: null,
    assigneeAccountId: null,
    reporterAccountId: USERS.dana.accountId,
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

export const AE_CHILDREN = 120;
export const OPS_TASKS = 30;

export function fixtureDataset(mode: DeploymentMode): SimDataset {
  const issues: SimIssue[] = [issue(10000, 'AE-1', { issueType: 'Epic', summary: 'Email Campaigns' })];
  for (let n = 2; n <= AE_CHILDREN + 1; n++) {
    const status = STATUSES[n % 3]!;
    const done = status.categoryKey === 'done';
    issues.push(
      issue(10000 + n, `AE-${n}`, {
        ...(mode === 'cloud' ? { parentKey: 'AE-1' } : { epicLinkKey: 'AE-1' }),
        statusId: status.id,
        resolution: done ? 'Done' : null,
        resolutionDate: done ? FIXTURE_NOW.toISOString() : null,
        assigneeAccountId: n % 2 === 0 ? USERS.priya.accountId : null,
        labels: n % 5 === 0 ? ['backend', 'q4'] : [],
        components: n % 4 === 0 ? ['Sending'] : [],
        fixVersions: n % 6 === 0 ? ['1.0'] : [],
        storyPoints: n % 7 === 0 ? null : (n % 8) + 1,
        originalEstimateSeconds: n % 3 === 0 ? 28_800 : null,
        remainingEstimateSeconds: n % 3 === 0 ? 14_400 : null,
        timeSpentSeconds: n % 3 === 0 ? 14_400 : null,
        dueDate: n % 10 === 0 ? '2026-12-01' : null,
      }),
    );
  }
  issues.push(issue(10500, 'AE-200', { issueType: 'Sub-task', parentKey: 'AE-2', summary: 'A sub-task', timeSpentSeconds: 3600 }));
  for (let n = 1; n <= OPS_TASKS; n++) issues.push(issue(11000 + n, `OPS-${n}`, { issueType: 'Task', priority: n % 2 ? 'High' : 'Low' }));
  return {
    mode,
    serverTitle: 'Fixture Jira',
    projects: [
      { id: '10000', key: 'AE', name: 'Email', components: ['Sending'], versions: ['1.0'] },
      { id: '10001', key: 'OPS', name: 'Operations', components: [], versions: [], anonymousBrowse: true },
    ],
    statuses: STATUSES,
    users: Object.values(USERS),
    issues,
    storyPointsField:
      mode === 'cloud'
        ? { id: 'customfield_10016', name: 'Story point estimate', schemaType: 'number', schemaCustom: 'com.pyxis.greenhopper.jira:jsw-story-points', schemaCustomId: 10016 }
        : { id: 'customfield_10106', name: 'Story Points', schemaType: 'number', schemaCustom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', schemaCustomId: 10106 },
    epicLinkField: { id: 'customfield_10101', name: 'Epic Link', schemaType: 'any', schemaCustom: 'com.pyxis.greenhopper.jira:gh-epic-link', schemaCustomId: 10101 },
    extraNumberFields: [],
  };
}

/** Issues in AE (epic, children, one sub-task). */
export const AE_TOTAL = AE_CHILDREN + 2;
