import { describe, expect, it } from 'vitest';
import { compileJql } from '../jql/index';
import type { DeploymentMode, SimDataset } from '../model';
import { DEMO_DEFAULT_NOW, ScenarioError, buildDemoDataset, generateLargeDataset, parseScenario, referenceProblems } from './index';

function search(dataset: SimDataset, jql: string, username = 'dana'): string[] {
  const currentUser = dataset.users.find((u) => u.name === username) ?? null;
  const result = compileJql(jql, { dataset, currentUser, now: DEMO_DEFAULT_NOW, timeZone: 'UTC' });
  if (!result.ok) throw new Error(result.errorMessages.join(' | '));
  return dataset.issues.filter(result.matches).sort(result.compare).map((issue) => issue.key);
}

const STORIES = ['AE-787', 'AE-788', 'AE-789', 'AE-790', 'AE-791', 'AE-792', 'AE-793', 'AE-794', 'AE-795', 'AE-796'];

describe.each<DeploymentMode>(['cloud', 'datacenter'])('demo scenario (%s)', (mode) => {
  const demo = buildDemoDataset(mode);
  const epicField = mode === 'cloud' ? 'parent' : '"Epic Link"';

  it('is internally consistent', () => expect(referenceProblems(demo)).toEqual([]));

  it(`finds exactly the 10 stories of AE-786 "Email Campaigns" through ${epicField}`, () => {
    expect(demo.issues.find((i) => i.key === 'AE-786')).toMatchObject({ issueType: 'Epic', summary: 'Email Campaigns' });
    expect(search(demo, `${epicField} = AE-786 ORDER BY key`)).toEqual(STORIES);
  });

  it('has 3 of the 10 stories done (Done category, resolution set), the rest to do, in progress or in review', () => {
    expect(search(demo, `${epicField} = AE-786 AND statusCategory = Done AND resolution is not EMPTY ORDER BY key`)).toHaveLength(3);
    expect(search(demo, `${epicField} = AE-786 AND resolution is EMPTY AND status in ("To Do", "In Progress", "In Review")`)).toHaveLength(7);
    for (const status of ['To Do', 'In Progress', 'In Review']) {
      expect(search(demo, `${epicField} = AE-786 AND status = "${status}"`).length).toBeGreaterThan(0);
    }
  });

  it('gives the stories to different people: designers, engineers and testers, and story points', () => {
    const stories = demo.issues.filter((i) => STORIES.includes(i.key));
    expect(new Set(stories.map((s) => s.assigneeAccountId)).size).toBeGreaterThanOrEqual(6);
    const groupsOf = (accountId: string | null) => demo.users.find((u) => u.accountId === accountId)?.groups ?? [];
    for (const group of ['designers', 'engineers', 'testers']) {
      expect(stories.some((s) => groupsOf(s.assigneeAccountId).includes(group))).toBe(true);
    }
    expect(stories.every((s) => typeof s.storyPoints === 'number' && s.storyPoints > 0)).toBe(true);
    expect(stories.some((s) => s.originalEstimateSeconds !== null && s.timeSpentSeconds !== null)).toBe(true);
  });

  it('has an epic of 26 bugs, 19 of them done', () => {
    expect(search(demo, `${epicField} = AE-900 AND issuetype = Bug`)).toHaveLength(26);
    expect(search(demo, `${epicField} = AE-900 AND statusCategory = Done`)).toHaveLength(19);
    expect(search(demo, `${epicField} = AE-900 AND statusCategory != Done`)).toHaveLength(7);
  });

  it('adds about 30 unrelated issues in other projects', () => {
    const noise = search(demo, 'project in (OPS, WEB)');
    expect(noise.length).toBeGreaterThanOrEqual(25);
    expect(noise.length).toBeLessThanOrEqual(35);
  });

  it('links epics the way the deployment does', () => {
    const story = demo.issues.find((i) => i.key === 'AE-787');
    expect(mode === 'cloud' ? story?.parentKey : story?.epicLinkKey).toBe('AE-786');
    expect(mode === 'cloud' ? story?.epicLinkKey : story?.parentKey).toBeNull();
    expect(demo.storyPointsField.name).toBe(mode === 'cloud' ? 'Story point estimate' : 'Story Points');
  });

  it('has the admin Dana with an API token, a password and a PAT, and a user restricted to WEB', () => {
    const dana = demo.users.find((u) => u.emailAddress === 'dana@example.com');
    expect(dana).toMatchObject({ name: 'dana', groups: expect.arrayContaining(['jira-administrators']) });
    expect(dana?.apiToken).not.toBe('');
    expect(dana?.password).not.toBe('');
    expect(dana?.personalAccessTokens.length).toBeGreaterThan(0);
    const restricted = demo.users.filter((u) => u.allowedProjectKeys);
    expect(restricted.map((u) => u.allowedProjectKeys)).toEqual([['WEB']]);
    const riley = restricted[0]?.name ?? '';
    expect(search(demo, 'order by key', riley).every((key) => key.startsWith('WEB-'))).toBe(true);
  });

  it('is deterministic and follows the clock it is given', () => {
    expect(buildDemoDataset(mode)).toEqual(demo);
    const later = buildDemoDataset(mode, { now: new Date(DEMO_DEFAULT_NOW.getTime() + 86_400_000) });
    expect(Date.parse(later.issues[0]?.created ?? '') - Date.parse(demo.issues[0]?.created ?? '')).toBe(86_400_000);
    const latest = Math.max(...demo.issues.flatMap((i) => [i.created, i.updated, i.resolutionDate ?? i.created].map(Date.parse)));
    expect(latest).toBeLessThanOrEqual(DEMO_DEFAULT_NOW.getTime());
  });
});

describe('demo scenario history', () => {
  const DAY_MS = 86_400_000;
  /** Days before `now`'s UTC day on which an instant falls (0 = today). */
  const daysAgo = (now: Date, iso: string | null | undefined): number | null => {
    if (!iso) return null;
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return Math.round((today - Date.parse(iso.slice(0, 10))) / DAY_MS);
  };

  // Just after midnight, at noon and just before midnight: the same calendar days, ending yesterday.
  const clocks = ['2026-11-03T00:05:00.000Z', '2026-11-03T12:00:00.000Z', '2026-11-03T23:55:00.000Z'].map((at) => new Date(at));

  it.each(clocks)('lays the campaign epic out over the last six weeks, on the same days whatever the hour (now = %s)', (now) => {
    const demo = buildDemoDataset('cloud', { now });
    const stories = demo.issues.filter((i) => i.parentKey === 'AE-786').sort((a, b) => a.key.localeCompare(b.key));
    expect(stories.map((s) => daysAgo(now, s.created))).toEqual([55, 53, 51, 49, 47, 45, 43, 38, 34, 29]);
    expect(stories.map((s) => daysAgo(now, s.resolutionDate))).toEqual([26, 15, 4, null, null, null, null, null, null, null]);
    // statuscategorychangedate: when each got done, or work started, or (still to do, left to the default) its creation.
    expect(stories.map((s) => daysAgo(now, s.statusCategoryChangedAt ?? s.created))).toEqual([26, 15, 4, 12, 9, 15, 10, 38, 34, 29]);
    const bugs = demo.issues.filter((i) => i.parentKey === 'AE-900');
    const fixed = bugs.map((b) => daysAgo(now, b.resolutionDate)).filter((k): k is number => k !== null);
    expect(fixed).toHaveLength(19);
    // A steady pace: every week of the last four fixed three or four bugs.
    for (const week of [0, 1, 2, 3]) expect(fixed.filter((k) => k >= week * 7 && k < week * 7 + 7).length).toBeGreaterThanOrEqual(3);
  });

  it('keeps every issue\'s dates in the order Jira writes them, all in the past', () => {
    for (const now of clocks) {
      for (const mode of ['cloud', 'datacenter'] as const) {
        const demo = buildDemoDataset(mode, { now });
        expect(referenceProblems(demo)).toEqual([]);
        for (const issue of demo.issues) {
          const category = issue.statusCategoryChangedAt ?? issue.created;
          expect(issue.created <= category && category <= issue.updated, issue.key).toBe(true);
          expect(issue.updated <= now.toISOString(), issue.key).toBe(true);
          if (issue.resolutionDate !== null) expect(issue.resolutionDate, issue.key).toBe(category);
        }
      }
    }
  });
});

describe('large dataset generator', () => {
  it('builds 100 projects and 200,000 issues in under 3 seconds, identically for a seed', () => {
    const started = performance.now();
    const large = generateLargeDataset({ mode: 'cloud', projects: 100, issues: 200_000, seed: 7 });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(large.projects).toHaveLength(100);
    expect(large.issues).toHaveLength(200_000);
    expect(new Set(large.issues.map((i) => i.key)).size).toBe(200_000);
    const again = generateLargeDataset({ mode: 'cloud', projects: 100, issues: 200_000, seed: 7 });
    expect(again.issues[123_456]).toEqual(large.issues[123_456]);
    const other = generateLargeDataset({ mode: 'cloud', projects: 100, issues: 200_000, seed: 8 });
    expect(other.issues.slice(0, 50)).not.toEqual(large.issues.slice(0, 50));
  });

  it('is consistent and links epics per mode', () => {
    for (const mode of ['cloud', 'datacenter'] as const) {
      const small = generateLargeDataset({ mode, projects: 5, issues: 2_000, seed: 1 });
      expect(referenceProblems(small)).toEqual([]);
      const linked = small.issues.filter((i) => (mode === 'cloud' ? i.parentKey : i.epicLinkKey) !== null);
      expect(linked.length).toBeGreaterThan(1_500);
      expect(small.issues.every((i) => (mode === 'cloud' ? i.epicLinkKey : i.parentKey) === null)).toBe(true);
    }
  });
});

describe('JSON scenarios', () => {
  it('round-trips a data set through JSON', () => {
    const demo = buildDemoDataset('datacenter');
    expect(parseScenario(JSON.parse(JSON.stringify(demo)))).toEqual(demo);
  });

  it('fills defaults for a minimal scenario', () => {
    const dataset = parseScenario({
      mode: 'cloud',
      projects: [{ id: '1', key: 'MIN', name: 'Minimal' }],
      users: [{ accountId: 'a1', name: 'amy', key: 'amy', displayName: 'Amy', emailAddress: 'amy@example.com', apiToken: 't', password: 'p' }],
      issues: [{ id: '100', key: 'MIN-1', projectKey: 'MIN', issueType: 'Task', summary: 'First', statusId: '10000', created: '2026-01-01T00:00:00.000Z' }],
    });
    expect(dataset.issues[0]).toMatchObject({ updated: '2026-01-01T00:00:00.000Z', labels: [], parentKey: null, priority: 'Medium' });
    expect(dataset.storyPointsField.name).toBe('Story point estimate');
    expect(dataset.statuses.map((s) => s.name)).toContain('In Review');
  });

  it('names every problem with its path', () => {
    const broken = {
      mode: 'cloud',
      projects: [{ id: '1', key: 'MIN', name: 'Minimal' }],
      users: [{ accountId: 'a1', name: 'amy', key: 'amy', displayName: 'Amy', emailAddress: 'amy@example.com', apiToken: 't', password: 'p' }],
      issues: [
        { id: '100', key: 'MIN-1', projectKey: 'MIN', issueType: 'Task', summary: 'First', statusId: 'nope', created: '2026-01-01T00:00:00.000Z', assigneeAccountId: 'ghost' },
        { id: '101', key: 'MIN-2', projectKey: 'MIN', issueType: 'Feature', summary: 'Second', statusId: '10000', created: 'yesterday' },
      ],
    };
    expect(() => parseScenario(broken)).toThrow(ScenarioError);
    try {
      parseScenario(broken);
    } catch (error) {
      const problems = (error as ScenarioError).problems;
      expect(problems.some((p) => p.startsWith('issues[1].issueType'))).toBe(true);
      expect(problems.some((p) => p.startsWith('issues[1].created'))).toBe(true);
    }
    const fixed = { ...broken, issues: [broken.issues[0]] };
    expect(() => parseScenario(fixed)).toThrow("status id 'nope' is not in statuses");
    expect(() => parseScenario(fixed)).toThrow("assigneeAccountId 'ghost' is not a user");
  });
});
