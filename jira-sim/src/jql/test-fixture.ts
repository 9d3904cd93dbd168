/**
 * A small, hand-made instance for the JQL semantics tests: every value below is chosen so that
 * each field, operator and rule has issues that match and issues that must not.
 * "Now" is Wednesday 2026-03-11 15:30 UTC.
 */
import type { DeploymentMode, JqlContext, SimDataset, SimIssue, SimUser } from '../model';
import { DEFAULT_STATUSES, EXTRA_NUMBER_FIELDS, STATUS_ID, blankIssue, epicLinkFieldFor, makeUser, storyPointsFieldFor } from '../scenarios/common';

export const FIXTURE_NOW = new Date('2026-03-11T15:30:00.000Z');

const PEOPLE = [
  { username: 'dana', displayName: 'Dana Whitfield', groups: ['jira-administrators', 'email-team'] },
  { username: 'priya', displayName: 'Priya Raman', groups: ['designers', 'email-team'] },
  { username: 'sam', displayName: 'Sam Okafor', groups: ['engineers', 'email-team'] },
  { username: 'ada', displayName: 'Ada Kowalski', groups: ['testers'] },
  { username: 'riley', displayName: 'Riley Contractor', groups: ['contractors'], allowedProjectKeys: ['WEB'] },
];

interface Row {
  key: string;
  id: number;
  type: SimIssue['issueType'];
  summary: string;
  status: string;
  created: string;
  updated?: string;
  assignee?: string;
  reporter: string;
  labels?: string[];
  priority?: string | null;
  components?: string[];
  fixVersions?: string[];
  /** Epic: parent on Cloud, Epic Link on Data Center. */
  epic?: string;
  /** Sub-task parent, the same in both modes. */
  parent?: string;
  resolution?: [string, string];
  due?: string;
  points?: number;
  businessValue?: number;
  description?: string;
}

const ROWS: Row[] = [
  { key: 'WEB-1', id: 10001, type: 'Epic', summary: 'Spring redesign', status: STATUS_ID.inProgress, created: '2025-12-15T09:00:00.000Z', updated: '2026-03-05T09:00:00.000Z', assignee: 'riley', reporter: 'dana' },
  { key: 'WEB-2', id: 10002, type: 'Story', summary: 'New hero section', status: STATUS_ID.toDo, created: '2025-12-20T09:00:00.000Z', updated: '2026-01-02T09:00:00.000Z', assignee: 'riley', reporter: 'dana', labels: ['design'], epic: 'WEB-1', points: 2, businessValue: 5, description: 'Hero with a campaign banner.' },
  { key: 'AE-1', id: 10003, type: 'Epic', summary: 'Email Campaigns', status: STATUS_ID.inProgress, created: '2026-01-05T09:00:00.000Z', updated: '2026-03-10T10:00:00.000Z', assignee: 'dana', reporter: 'dana', labels: ['campaigns'], priority: 'High', description: 'Marketing builds campaigns without engineering help.' },
  { key: 'AE-2', id: 10004, type: 'Story', summary: 'Design the campaign template gallery', status: STATUS_ID.done, created: '2026-01-10T10:00:00.000Z', assignee: 'priya', reporter: 'dana', labels: ['campaigns', 'design'], components: ['Templates'], fixVersions: ['1.0'], epic: 'AE-1', resolution: ['Done', '2026-02-20T16:00:00.000Z'], due: '2026-02-15', points: 5 },
  { key: 'OPS-1', id: 10005, type: 'Task', summary: 'Rotate TLS certificates', status: STATUS_ID.done, created: '2026-01-20T09:00:00.000Z', assignee: 'dana', reporter: 'dana', labels: ['ops'], resolution: ['Done', '2026-01-31T23:30:00.000Z'], due: '2026-01-31' },
  { key: 'AE-3', id: 10006, type: 'Story', summary: 'Build the drag-and-drop editor', status: STATUS_ID.inProgress, created: '2026-02-01T08:00:00.000Z', updated: '2026-03-11T09:00:00.000Z', assignee: 'sam', reporter: 'priya', labels: ['campaigns'], priority: 'High', components: ['Templates', 'Delivery'], fixVersions: ['1.0'], epic: 'AE-1', due: '2026-03-11', points: 8, description: 'Editors are emailing drafts to reviewers.' },
  { key: 'AE-6', id: 10007, type: 'Epic', summary: 'Email bugs', status: STATUS_ID.toDo, created: '2026-02-25T09:00:00.000Z', reporter: 'dana', priority: null },
  { key: 'AE-5', id: 10008, type: 'Bug', summary: 'Unsubscribe link returns 404', status: STATUS_ID.done, created: '2026-02-27T07:00:00.000Z', assignee: 'sam', reporter: 'ada', labels: ['regression'], priority: 'Highest', components: ['Delivery'], fixVersions: ['2.0'], epic: 'AE-6', resolution: ['Fixed', '2026-03-09T11:00:00.000Z'], description: 'Clicking the unsubscribe link in old campaigns shows a 404 page.' },
  { key: 'AE-7', id: 10009, type: 'Bug', summary: 'Preview text truncated on iOS', status: STATUS_ID.closed, created: '2026-02-28T09:00:00.000Z', reporter: 'priya', labels: ['ios', 'email'], priority: 'Lowest', epic: 'AE-6', resolution: ["Won't Do", '2026-03-01T09:00:00.000Z'] },
  { key: 'AE-4', id: 10010, type: 'Story', summary: 'Test campaign scheduling', status: STATUS_ID.toDo, created: '2026-03-02T12:00:00.000Z', assignee: 'ada', reporter: 'priya', priority: 'Low', epic: 'AE-1', due: '2026-03-20', points: 3 },
  { key: 'OPS-2', id: 10011, type: 'Task', summary: 'Upgrade PostgreSQL to 16', status: STATUS_ID.inProgress, created: '2026-03-09T10:00:00.000Z', updated: '2026-03-11T14:00:00.000Z', reporter: 'dana', labels: ['ops', 'database'], priority: 'High', businessValue: 20 },
  { key: 'AE-8', id: 10012, type: 'Sub-task', summary: 'Editor: autosave drafts', status: STATUS_ID.inReview, created: '2026-03-10T08:00:00.000Z', updated: '2026-03-10T18:00:00.000Z', assignee: 'sam', reporter: 'sam', parent: 'AE-3' },
  { key: 'WEB-3', id: 10013, type: 'Bug', summary: 'Broken footer links', status: STATUS_ID.inReview, created: '2026-03-11T07:00:00.000Z', assignee: 'priya', reporter: 'riley' },
  { key: 'AE-10', id: 10014, type: 'Task', summary: 'Email deliverability report', status: STATUS_ID.toDo, created: '2026-03-11T10:00:00.000Z', assignee: 'dana', reporter: 'sam', components: ['Analytics'], businessValue: 7.5 },
];

export function fixtureDataset(mode: DeploymentMode): SimDataset {
  const users = PEOPLE.map((person, index) => makeUser(person, index));
  const account = (username: string | undefined): string | null =>
    username === undefined ? null : (users.find((u) => u.name === username)?.accountId ?? null);
  const issues = ROWS.map((row): SimIssue => {
    const [resolution, resolutionDate] = row.resolution ?? [null, null];
    return {
      ...blankIssue({ id: String(row.id), key: row.key, projectKey: row.key.split('-')[0] ?? '', issueType: row.type, summary: row.summary, statusId: row.status, created: row.created }),
      updated: row.updated ?? resolutionDate ?? row.created,
      description: row.description ?? null,
      assigneeAccountId: account(row.assignee),
      reporterAccountId: account(row.reporter),
      labels: row.labels ?? [],
      priority: row.priority === undefined ? 'Medium' : row.priority,
      components: row.components ?? [],
      fixVersions: row.fixVersions ?? [],
      parentKey: row.parent ?? (mode === 'cloud' ? (row.epic ?? null) : null),
      epicLinkKey: mode === 'datacenter' ? (row.epic ?? null) : null,
      resolution,
      resolutionDate,
      dueDate: row.due ?? null,
      storyPoints: row.points ?? null,
      customNumbers: row.businessValue === undefined ? {} : { customfield_10200: row.businessValue },
    };
  });
  return {
    mode,
    serverTitle: 'JQL fixture',
    projects: [
      { id: '10000', key: 'AE', name: 'Email', components: ['Templates', 'Delivery', 'Analytics'], versions: ['1.0', '2.0'] },
      { id: '10001', key: 'OPS', name: 'Operations', components: [], versions: [] },
      { id: '10002', key: 'WEB', name: 'Website', components: [], versions: [] },
    ],
    statuses: DEFAULT_STATUSES.map((s) => ({ ...s })),
    users,
    issues,
    storyPointsField: storyPointsFieldFor(mode),
    epicLinkField: epicLinkFieldFor(mode),
    extraNumberFields: EXTRA_NUMBER_FIELDS.map((f) => ({ ...f })),
  };
}

export function fixtureUser(dataset: SimDataset, username: string): SimUser {
  const user = dataset.users.find((u) => u.name === username);
  if (!user) throw new Error(`fixture has no user ${username}`);
  return user;
}

export function fixtureContext(mode: DeploymentMode, options: { user?: string | null; timeZone?: string } = {}): JqlContext {
  const dataset = fixtureDataset(mode);
  const username = options.user === undefined ? 'dana' : options.user;
  return {
    dataset,
    currentUser: username === null ? null : fixtureUser(dataset, username),
    now: FIXTURE_NOW,
    timeZone: options.timeZone ?? 'UTC',
  };
}
