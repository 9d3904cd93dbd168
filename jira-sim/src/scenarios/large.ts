/**
 * Seeded generator of large instances for benchmarks (e.g. 100 projects, 200,000 issues). The
 * same options always give the same data set; 200,000 issues take well under a second.
 */
import type { DeploymentMode, SimDataset, SimIssue, SimProject, SimUser } from '../model';
import { DAY, DEFAULT_STATUSES, EXTRA_NUMBER_FIELDS, STATUS_ID, blankIssue, epicLinkFieldFor, linkToEpic, makeUser, seededRandom, storyPointsFieldFor } from './common';
import type { PersonSpec } from './common';

export interface LargeDatasetOptions {
  mode: DeploymentMode;
  projects: number;
  issues: number;
  seed: number;
  /** Issues are created during the two years before this instant; default 2026-03-02T12:00Z. */
  now?: Date;
  /** People to assign work to, besides the admin "dana"; default 250. */
  users?: number;
}

const LABELS = ['backend', 'frontend', 'customer', 'tech-debt', 'security', 'performance', 'ux', 'regression'];
const PRIORITIES = ['Highest', 'High', 'Medium', 'Medium', 'Medium', 'Low', 'Lowest'];
const POINTS = [null, 1, 2, 3, 3, 5, 5, 8, 13];
const WORDS = ['sync', 'report', 'login', 'billing', 'export', 'search', 'upload', 'alerts', 'dashboard', 'onboarding', 'api', 'mobile'];
const VERBS = ['Improve', 'Fix', 'Add', 'Remove', 'Refactor', 'Document', 'Test', 'Speed up'];
/** One epic per this many issues in a project. */
const ISSUES_PER_EPIC = 40;

/** "AA", "AB", … "ZZ", "AAA", …: distinct project keys made only of letters, as Jira requires. */
export function projectKeyFor(index: number): string {
  // Bijective base 26 starting at 26 ("AA"), so every key has at least two letters.
  let n = index + 26;
  let key = '';
  do {
    key = String.fromCharCode(65 + (n % 26)) + key;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return key;
}

export function generateLargeDataset(options: LargeDatasetOptions): SimDataset {
  const { mode, seed } = options;
  const projectCount = Math.max(1, Math.floor(options.projects));
  const issueCount = Math.max(0, Math.floor(options.issues));
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const now = (options.now ?? new Date('2026-03-02T12:00:00.000Z')).getTime();
  const span = 730 * DAY;

  const people: PersonSpec[] = [{ username: 'dana', displayName: 'Dana Whitfield', groups: ['jira-administrators', 'jira-software-users'] }];
  for (let i = 1; i <= (options.users ?? 250); i++) {
    people.push({ username: `user${i}`, displayName: `User ${i}`, groups: ['jira-software-users', `team-${i % 20}`] });
  }
  const users: SimUser[] = people.map((person, index) => makeUser(person, index));

  const projects: SimProject[] = [];
  for (let p = 0; p < projectCount; p++) {
    const key = projectKeyFor(p);
    projects.push({ id: String(10000 + p), key, name: `Project ${key}`, components: ['Core', 'UI', 'API'], versions: ['1.0', '2.0'] });
  }

  // Spread issues evenly over projects, then lay them out in creation order per project.
  const statuses = [STATUS_ID.toDo, STATUS_ID.toDo, STATUS_ID.inProgress, STATUS_ID.inReview, STATUS_ID.done, STATUS_ID.done, STATUS_ID.done, STATUS_ID.closed];
  const issues: SimIssue[] = new Array<SimIssue>(issueCount);
  let written = 0;
  for (let p = 0; p < projectCount; p++) {
    const project = projects[p] as SimProject;
    const inProject = Math.floor(issueCount / projectCount) + (p < issueCount % projectCount ? 1 : 0);
    const epicCount = inProject === 0 ? 0 : Math.max(1, Math.floor(inProject / ISSUES_PER_EPIC));
    const projectStart = now - span + random() * DAY;
    const step = inProject > 0 ? (span - 2 * DAY) / inProject : 0;
    for (let n = 1; n <= inProject; n++) {
      const createdMs = Math.floor(projectStart + (n - 1) * step + random() * step * 0.5);
      const isEpic = n <= epicCount;
      const type = isEpic ? 'Epic' : random() < 0.25 ? 'Bug' : random() < 0.8 ? 'Story' : 'Task';
      const statusId = pick(statuses);
      const done = statusId === STATUS_ID.done || statusId === STATUS_ID.closed;
      const updatedMs = Math.min(now - 1000, createdMs + Math.floor(random() * 60 * DAY));
      const issue = blankIssue({
        id: String(100000 + written),
        key: `${project.key}-${n}`,
        projectKey: project.key,
        issueType: type,
        summary: `${pick(VERBS)} ${pick(WORDS)} ${isEpic ? 'programme' : pick(WORDS)} (${project.key}-${n})`,
        statusId,
        created: new Date(createdMs).toISOString(),
      });
      issue.updated = new Date(updatedMs).toISOString();
      issue.assigneeAccountId = random() < 0.85 ? (pick(users).accountId) : null;
      issue.reporterAccountId = pick(users).accountId;
      issue.priority = pick(PRIORITIES);
      if (random() < 0.5) issue.labels = [pick(LABELS)];
      if (random() < 0.4) issue.components = [pick(project.components)];
      if (done) {
        issue.resolution = random() < 0.9 ? 'Done' : "Won't Do";
        issue.resolutionDate = issue.updated;
        issue.fixVersions = [pick(project.versions)];
      }
      if (type === 'Story') issue.storyPoints = pick(POINTS);
      if (!isEpic && epicCount > 0) linkToEpic(issue, `${project.key}-${1 + Math.floor(random() * epicCount)}`, mode);
      issues[written++] = issue;
    }
  }

  return {
    mode,
    serverTitle: `Jira ${mode === 'cloud' ? 'Cloud' : 'Data Center'} simulator (${projectCount} projects, ${issueCount} issues, seed ${seed})`,
    projects,
    statuses: DEFAULT_STATUSES.map((s) => ({ ...s })),
    users,
    issues,
    storyPointsField: storyPointsFieldFor(mode),
    epicLinkField: epicLinkFieldFor(mode),
    extraNumberFields: EXTRA_NUMBER_FIELDS.map((f) => ({ ...f })),
  };
}
