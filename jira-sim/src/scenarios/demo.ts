/**
 * The `demo` scenario: the product brief's examples. Project AE "Email" has epic AE-786 "Email
 * Campaigns" with 10 stories owned by designers, engineers and testers (3 done), and epic AE-900
 * "Email bugs" with 26 bugs (19 done); projects OPS and WEB add unrelated noise. Every timestamp
 * is a number of days before `now`'s UTC day at a given hour (`now` is a fixed instant unless the
 * caller passes the real clock), so the data set is identical on every run and its history always
 * ends yesterday.
 *
 * The history is believable, so the insight shows a burn-up with a forecast at once (k = days
 * before today): the campaign epic had 7 stories at k = 43..55, 3 more were added at k = 38, 34, 29
 * (scope growth, all before the last 28 days), and one story got done every ~11 days (k = 26, 15,
 * 4); the other stories started at k = 9..15. Bugs come in one a day (k = 44..19) and get fixed
 * one every two days (k = 36..1). The demo's cycle (tools/demo.ts) runs from k = 41 to 49
 * days ahead: in the last 28 days the epic finished 3 stories and its scope did not grow, so its
 * 7 open stories forecast ceil(7 × 28 / 3) = 66 days, a little after the cycle ends.
 */
import type { DeploymentMode, SimDataset, SimIssue, SimProject } from '../model';
import {
  DAY,
  DEFAULT_STATUSES,
  EXTRA_NUMBER_FIELDS,
  HOUR,
  STATUS_ID,
  blankIssue,
  day,
  epicLinkFieldFor,
  iso,
  linkToEpic,
  makeUser,
  storyPointsFieldFor,
} from './common';
import type { PersonSpec } from './common';

export const DEMO_DEFAULT_NOW = new Date('2026-03-02T12:00:00.000Z');

export const DEMO_PEOPLE: PersonSpec[] = [
  { username: 'dana', displayName: 'Dana Whitfield', groups: ['jira-administrators', 'jira-software-users', 'email-team'] },
  { username: 'priya', displayName: 'Priya Raman', groups: ['jira-software-users', 'designers', 'email-team'] },
  { username: 'marco', displayName: 'Marco Bellini', groups: ['jira-software-users', 'designers', 'email-team'] },
  { username: 'sam', displayName: 'Sam Okafor', groups: ['jira-software-users', 'engineers', 'email-team'] },
  { username: 'lena', displayName: 'Lena Fischer', groups: ['jira-software-users', 'engineers', 'email-team'] },
  { username: 'tom', displayName: 'Tom Nguyen', groups: ['jira-software-users', 'engineers'] },
  { username: 'ada', displayName: 'Ada Kowalski', groups: ['jira-software-users', 'testers', 'email-team'] },
  { username: 'ravi', displayName: 'Ravi Menon', groups: ['jira-software-users', 'testers'] },
  { username: 'elena', displayName: 'Elena Garcia', groups: ['jira-software-users', 'product'] },
  { username: 'riley', displayName: 'Riley Contractor', groups: ['jira-software-users'], allowedProjectKeys: ['WEB'] },
];

const PROJECTS: SimProject[] = [
  { id: '10000', key: 'AE', name: 'Email', components: ['Templates', 'Delivery', 'Analytics'], versions: ['2026.1', '2026.2'] },
  { id: '10001', key: 'OPS', name: 'Operations', components: ['Infrastructure', 'On-call'], versions: [] },
  { id: '10002', key: 'WEB', name: 'Website', components: ['Frontend', 'Content'], versions: ['Spring launch'] },
];

/** A story's life in days before today (k): created, work started (status category → In Progress), resolved, last edit. */
interface StoryHistory {
  created: number;
  started?: number;
  resolved?: number;
  touched: number;
}

interface StorySpec {
  summary: string;
  owner: string;
  status: string;
  points: number;
  component: string;
  history: StoryHistory;
  estimateHours?: number;
  spentHours?: number;
}

/** The epic's 10 stories: 3 done, 3 to do (added during the cycle), 2 in progress, 2 in review. */
const CAMPAIGN_STORIES: StorySpec[] = [
  { summary: 'Design the campaign template gallery', owner: 'priya', status: STATUS_ID.done, points: 5, component: 'Templates', history: { created: 55, started: 45, resolved: 26, touched: 26 }, estimateHours: 16, spentHours: 18 },
  { summary: 'Build the drag-and-drop campaign editor', owner: 'sam', status: STATUS_ID.done, points: 8, component: 'Templates', history: { created: 53, started: 40, resolved: 15, touched: 15 }, estimateHours: 32, spentHours: 30 },
  { summary: 'Test campaign scheduling across time zones', owner: 'ada', status: STATUS_ID.done, points: 3, component: 'Delivery', history: { created: 51, started: 20, resolved: 4, touched: 4 }, estimateHours: 8, spentHours: 6 },
  { summary: 'Design unsubscribe and preference pages', owner: 'marco', status: STATUS_ID.inProgress, points: 3, component: 'Templates', history: { created: 49, started: 12, touched: 3 }, estimateHours: 12, spentHours: 5 },
  { summary: 'Send campaigns through the new delivery queue', owner: 'lena', status: STATUS_ID.inProgress, points: 8, component: 'Delivery', history: { created: 47, started: 9, touched: 2 }, estimateHours: 24, spentHours: 10 },
  { summary: 'Track opens and clicks per campaign', owner: 'tom', status: STATUS_ID.inReview, points: 5, component: 'Analytics', history: { created: 45, started: 15, touched: 2 } },
  { summary: 'Verify campaign analytics against raw events', owner: 'ravi', status: STATUS_ID.inReview, points: 2, component: 'Analytics', history: { created: 43, started: 10, touched: 1 } },
  { summary: 'A/B test subject lines for campaigns', owner: 'sam', status: STATUS_ID.toDo, points: 5, component: 'Delivery', history: { created: 38, touched: 20 } },
  { summary: 'Accessibility review of campaign templates', owner: 'priya', status: STATUS_ID.toDo, points: 2, component: 'Templates', history: { created: 34, touched: 34 } },
  { summary: 'Load test campaign sending at 1M recipients', owner: 'ada', status: STATUS_ID.toDo, points: 3, component: 'Delivery', history: { created: 29, touched: 11 } },
];

const BUG_TOPICS = [
  'Broken images in Outlook preview', 'Unsubscribe link 404s for old campaigns', 'Bounce webhook retried forever',
  'Template editor loses undo history', 'Scheduled send fires twice at DST change', 'Preview text truncated on iOS',
  'Click tracking breaks anchor links', 'Dark mode inverts brand colours', 'CSV import drops accented names',
  'Analytics chart off by one day', 'Duplicate recipients after list merge', 'Reply-to header ignored',
  'Sender name escaped twice', 'Paused campaign still sends', 'Spam score warning never clears',
  'Attachment size limit not enforced', 'Timezone picker resets on save', 'Open rate counts bots',
  'Editor crashes on pasted tables', 'Footer address missing in plain text', 'Retry queue starves new sends',
  'List segment count is stale', 'Emoji in subject renders as boxes', 'Test send goes to wrong inbox',
  'Link checker times out on redirects', 'Template thumbnails never refresh',
];

const BUG_OWNERS = ['sam', 'lena', 'tom', 'ada', 'ravi'];
const PRIORITY_CYCLE = ['High', 'Medium', 'Low', 'Highest', 'Medium', 'Lowest'];

interface NoiseSpec {
  project: 'OPS' | 'WEB';
  type: 'Task' | 'Bug' | 'Story' | 'Epic';
  summary: string;
  status: string;
}

const NOISE: NoiseSpec[] = [
  ...[
    'Rotate TLS certificates', 'Upgrade PostgreSQL to 16', 'Set up log retention policy', 'Patch kernel on build agents',
    'Document on-call runbook', 'Alert on disk usage above 80%', 'Migrate DNS to new provider', 'Back up object storage nightly',
    'Audit IAM roles', 'Reduce CI queue time', 'Decommission old VPN', 'Load balancer health checks flap',
    'Renew domain registrations', 'Capacity plan for Q3', 'Postmortem: mail relay outage',
  ].map((summary, i): NoiseSpec => ({
    project: 'OPS',
    type: i % 5 === 4 ? 'Bug' : 'Task',
    summary,
    status: [STATUS_ID.done, STATUS_ID.toDo, STATUS_ID.inProgress][i % 3] ?? STATUS_ID.toDo,
  })),
  { project: 'WEB', type: 'Epic', summary: 'Website spring redesign', status: STATUS_ID.inProgress },
  ...[
    'New hero section', 'Pricing page comparison table', 'Blog listing pagination', 'Customer stories carousel',
    'Cookie banner consent modes', 'Careers page job feed', 'Fix broken footer links', 'Speed up image loading',
    'Contact form spam filter', 'Localise navigation labels', 'Status page link in header', 'Update privacy policy copy',
    'Search results highlight', 'Newsletter signup widget',
  ].map((summary, i): NoiseSpec => ({
    project: 'WEB',
    type: i < 5 ? 'Story' : i % 4 === 0 ? 'Bug' : 'Task',
    summary,
    status: [STATUS_ID.toDo, STATUS_ID.inProgress, STATUS_ID.done, STATUS_ID.inReview][i % 4] ?? STATUS_ID.toDo,
  })),
];

export interface DemoOptions {
  /** The clock the data is laid out against; default DEMO_DEFAULT_NOW. */
  now?: Date;
}

export function buildDemoDataset(mode: DeploymentMode, options: DemoOptions = {}): SimDataset {
  const now = (options.now ?? DEMO_DEFAULT_NOW).getTime();
  const users = DEMO_PEOPLE.map((person, index) => makeUser(person, index));
  const accountOf = (username: string): string => users.find((u) => u.name === username)?.accountId ?? '';
  const storyPointsField = storyPointsFieldFor(mode);
  const issues: SimIssue[] = [];
  let nextId = 10100;
  const add = (issue: SimIssue): SimIssue => {
    issues.push(issue);
    return issue;
  };
  // Days count from the start of `now`'s UTC day, so a day's events fall on the same calendar day
  // whatever the hour the demo starts (with the default noon clock this is the same as now - days).
  const today = now - (now % DAY);
  const created = (daysAgo: number, hour = 9): number => today - daysAgo * DAY + hour * HOUR;
  const finish = (issue: SimIssue, resolution: string, daysAgo: number): void => {
    issue.resolution = resolution;
    // At least a day ago, so that nothing is resolved in the future of `now`.
    issue.resolutionDate = iso(created(Math.max(1, daysAgo), 16));
    issue.updated = issue.resolutionDate;
    issue.statusCategoryChangedAt = issue.resolutionDate;
  };
  /** Work started (To Do → In Progress): when Jira's statuscategorychangedate moved last. */
  const start = (issue: SimIssue, daysAgo: number): void => {
    issue.statusCategoryChangedAt = iso(created(daysAgo, 11));
    // A transition is an update, so `updated` is never older than it.
    if (issue.updated < issue.statusCategoryChangedAt) issue.updated = issue.statusCategoryChangedAt;
  };

  const campaignEpic = add({
    ...blankIssue({ id: String(nextId++), key: 'AE-786', projectKey: 'AE', issueType: 'Epic', summary: 'Email Campaigns', statusId: STATUS_ID.inProgress, created: iso(created(60)) }),
    description: 'Let marketing build, schedule and measure email campaigns without engineering help.',
    assigneeAccountId: accountOf('elena'),
    reporterAccountId: accountOf('dana'),
    labels: ['campaigns', 'q1-goal'],
    priority: 'High',
    fixVersions: ['2026.1'],
    updated: iso(created(2)),
  });
  start(campaignEpic, 45);

  CAMPAIGN_STORIES.forEach((spec, i) => {
    const { history } = spec;
    const story = add({
      ...blankIssue({ id: String(nextId++), key: `AE-${787 + i}`, projectKey: 'AE', issueType: 'Story', summary: spec.summary, statusId: spec.status, created: iso(created(history.created, 10)) }),
      description: `Part of the Email Campaigns epic. Owner: ${spec.owner}.`,
      assigneeAccountId: accountOf(spec.owner),
      reporterAccountId: accountOf('elena'),
      labels: ['campaigns'],
      priority: i % 3 === 0 ? 'High' : 'Medium',
      components: [spec.component],
      fixVersions: [i < 6 ? '2026.1' : '2026.2'],
      storyPoints: spec.points,
      dueDate: day(now + (i - 3) * 7 * DAY),
      // "Business Value" for every story, "Risk Score" left empty.
      customNumbers: { customfield_10200: 10 - i, customfield_10201: null },
      updated: iso(created(history.touched, 15)),
    });
    if (spec.estimateHours !== undefined) {
      story.originalEstimateSeconds = spec.estimateHours * 3600;
      story.timeSpentSeconds = (spec.spentHours ?? 0) * 3600;
      story.remainingEstimateSeconds = Math.max(0, spec.estimateHours - (spec.spentHours ?? 0)) * 3600;
    }
    if (history.started !== undefined) start(story, history.started);
    if (history.resolved !== undefined) finish(story, 'Done', history.resolved);
    linkToEpic(story, campaignEpic.key, mode);
  });

  // Two sub-tasks under the editor story: they have a parent but belong to no epic directly.
  ['Editor: keyboard shortcuts', 'Editor: autosave drafts'].forEach((summary, i) => {
    const subtask = add({
      ...blankIssue({ id: String(nextId++), key: `AE-${797 + i}`, projectKey: 'AE', issueType: 'Sub-task', summary, statusId: STATUS_ID.done, created: iso(created(39 - i, 11)) }),
      assigneeAccountId: accountOf('sam'),
      reporterAccountId: accountOf('sam'),
      parentKey: 'AE-788',
    });
    finish(subtask, 'Done', 30 - i * 5);
  });

  const bugEpic = add({
    ...blankIssue({ id: String(nextId++), key: 'AE-900', projectKey: 'AE', issueType: 'Epic', summary: 'Email bugs', statusId: STATUS_ID.inProgress, created: iso(created(45)) }),
    description: 'Quality work on the email product: every bug found since the 2026.1 beta.',
    assigneeAccountId: accountOf('ada'),
    reporterAccountId: accountOf('dana'),
    labels: ['quality'],
    updated: iso(created(1)),
  });
  start(bugEpic, 44);

  BUG_TOPICS.forEach((summary, i) => {
    const done = i < 19;
    const openStatuses = [STATUS_ID.toDo, STATUS_ID.inProgress, STATUS_ID.inReview];
    const bug = add({
      ...blankIssue({
        id: String(nextId++),
        key: `AE-${901 + i}`,
        projectKey: 'AE',
        issueType: 'Bug',
        summary,
        statusId: done ? (i % 7 === 6 ? STATUS_ID.closed : STATUS_ID.done) : (openStatuses[i % 3] ?? STATUS_ID.toDo),
        created: iso(created(44 - i, 8 + (i % 8))),
      }),
      description: `Steps to reproduce: see the attached report for "${summary.toLowerCase()}".`,
      assigneeAccountId: i % 9 === 8 ? null : accountOf(BUG_OWNERS[i % BUG_OWNERS.length] ?? 'sam'),
      reporterAccountId: accountOf(i % 2 === 0 ? 'ada' : 'ravi'),
      labels: i % 4 === 0 ? ['regression', 'email'] : ['email'],
      priority: PRIORITY_CYCLE[i % PRIORITY_CYCLE.length] ?? 'Medium',
      components: [['Templates', 'Delivery', 'Analytics'][i % 3] ?? 'Delivery'],
      fixVersions: done ? ['2026.1'] : [],
      updated: iso(created(Math.max(0, 30 - i), 14)),
    });
    if (done) finish(bug, i % 10 === 9 ? "Won't Do" : 'Fixed', Math.max(0, 36 - i * 2));
    else if (bug.statusId !== STATUS_ID.toDo) start(bug, Math.max(1, 40 - i * 2));
    linkToEpic(bug, bugEpic.key, mode);
  });

  const noiseOwners = ['tom', 'lena', 'sam', 'riley', 'marco'];
  const counters: Record<string, number> = { OPS: 1, WEB: 1 };
  let webEpicKey = '';
  NOISE.forEach((spec, i) => {
    const number = counters[spec.project] ?? 1;
    counters[spec.project] = number + 1;
    const issue = add({
      ...blankIssue({ id: String(nextId++), key: `${spec.project}-${number}`, projectKey: spec.project, issueType: spec.type, summary: spec.summary, statusId: spec.status, created: iso(created(90 - i * 2, 9 + (i % 6))) }),
      assigneeAccountId: spec.project === 'WEB' || i % 4 !== 3 ? accountOf(noiseOwners[i % noiseOwners.length] ?? 'tom') : null,
      reporterAccountId: accountOf('dana'),
      priority: PRIORITY_CYCLE[(i + 2) % PRIORITY_CYCLE.length] ?? 'Medium',
      labels: spec.project === 'OPS' ? ['ops'] : [],
      updated: iso(created(Math.max(0, 40 - i), 13)),
    });
    if (spec.type === 'Epic') webEpicKey = issue.key;
    else if (spec.type === 'Story' && webEpicKey) {
      linkToEpic(issue, webEpicKey, mode);
      issue.storyPoints = [1, 2, 3, 5, 8][i % 5] ?? 3;
    }
    if (spec.status === STATUS_ID.done) finish(issue, 'Done', Math.max(0, 20 - i));
  });

  return {
    mode,
    serverTitle: mode === 'cloud' ? 'Pacer Demo (Jira Cloud simulator)' : 'Pacer Demo (Jira Data Center simulator)',
    projects: PROJECTS.map((p) => ({ ...p, components: [...p.components], versions: [...p.versions] })),
    statuses: DEFAULT_STATUSES.map((s) => ({ ...s })),
    users,
    issues,
    storyPointsField,
    epicLinkField: epicLinkFieldFor(mode),
    extraNumberFields: EXTRA_NUMBER_FIELDS.map((f) => ({ ...f })),
  };
}
