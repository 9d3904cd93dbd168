/**
 * JQL semantics table: each query runs against the fixture instance and must return exactly
 * these issues (in this order when the query has ORDER BY). Covers every field, operator and
 * function the simulator supports, Jira's empty-field rule for != / NOT IN, De Morgan NOT,
 * AND-before-OR precedence, relative and absolute dates in the user's time zone.
 */
import { describe, expect, it } from 'vitest';
import type { JqlContext } from '../model';
import { compileJql } from './index';
import { fixtureContext, fixtureUser } from './test-fixture';

function run(jql: string, ctx: JqlContext): string[] {
  const result = compileJql(jql, ctx);
  if (!result.ok) throw new Error(`${jql} failed: ${result.errorMessages.join(' | ')}`);
  return ctx.dataset.issues.filter(result.matches).sort(result.compare).map((issue) => issue.key);
}

function check(jql: string, expected: string[], ctx: JqlContext): void {
  const actual = run(jql, ctx);
  if (/order\s+by/i.test(jql)) expect(actual).toEqual(expected);
  else expect([...actual].sort()).toEqual([...expected].sort());
}

const ALL_AE = ['AE-1', 'AE-2', 'AE-3', 'AE-4', 'AE-5', 'AE-6', 'AE-7', 'AE-8', 'AE-10'];
const cloud = fixtureContext('cloud');
const ada = fixtureUser(cloud.dataset, 'ada').accountId;

const CLOUD_TABLE: [string, string[]][] = [
  // project: key, name, id; case-insensitive field names and values
  ['project = AE', ALL_AE],
  ['project = "Operations"', ['OPS-1', 'OPS-2']],
  ['project = 10002', ['WEB-1', 'WEB-2', 'WEB-3']],
  ['PROJECT in (ops, web)', ['OPS-1', 'OPS-2', 'WEB-1', 'WEB-2', 'WEB-3']],
  ['project not in (AE, WEB)', ['OPS-1', 'OPS-2']],
  ['project != AE', ['OPS-1', 'OPS-2', 'WEB-1', 'WEB-2', 'WEB-3']],
  // key / issue / issuekey / id
  ['key = ae-3', ['AE-3']],
  ['issuekey in (AE-2, OPS-1, WEB-3)', ['AE-2', 'OPS-1', 'WEB-3']],
  ['issue != AE-1 AND project = AE', ALL_AE.filter((k) => k !== 'AE-1')],
  ['id = 10005', ['OPS-1']],
  ['key > AE-5 ORDER BY key', ['AE-6', 'AE-7', 'AE-8', 'AE-10']],
  ['key <= AE-2 ORDER BY key DESC', ['AE-2', 'AE-1']],
  // issuetype / type
  ['issuetype = Bug', ['AE-5', 'AE-7', 'WEB-3']],
  ['type in (Epic, "Sub-task")', ['AE-1', 'AE-6', 'AE-8', 'WEB-1']],
  ['issuetype = Subtask', ['AE-8']],
  ['issuetype != Story AND project = AE', ['AE-1', 'AE-5', 'AE-6', 'AE-7', 'AE-8', 'AE-10']],
  ['issuetype in subTaskIssueTypes()', ['AE-8']],
  ['issuetype = 10004', ['AE-5', 'AE-7', 'WEB-3']],
  // status by name or id; statusCategory by name, key or id
  ['status = "In Progress"', ['AE-1', 'AE-3', 'OPS-2', 'WEB-1']],
  ['status in ("to do", 10002)', ['AE-4', 'AE-6', 'AE-10', 'WEB-2', 'AE-8', 'WEB-3']],
  ['status != Done', ['AE-1', 'AE-3', 'AE-4', 'AE-6', 'AE-7', 'AE-8', 'AE-10', 'OPS-2', 'WEB-1', 'WEB-2', 'WEB-3']],
  ['statusCategory = Done', ['AE-2', 'AE-5', 'AE-7', 'OPS-1']],
  ['statusCategory in ("To Do", indeterminate)', ['AE-1', 'AE-3', 'AE-4', 'AE-6', 'AE-8', 'AE-10', 'OPS-2', 'WEB-1', 'WEB-2', 'WEB-3']],
  ['statuscategory != 3', ['AE-1', 'AE-3', 'AE-4', 'AE-6', 'AE-8', 'AE-10', 'OPS-2', 'WEB-1', 'WEB-2', 'WEB-3']],
  // resolution, Unresolved, and != never matching empty
  ['resolution = Fixed', ['AE-5']],
  ['resolution in (Done, "Won\'t Do")', ['AE-2', 'AE-7', 'OPS-1']],
  ['resolution is EMPTY', ['AE-1', 'AE-3', 'AE-4', 'AE-6', 'AE-8', 'AE-10', 'OPS-2', 'WEB-1', 'WEB-2', 'WEB-3']],
  ['resolution = Unresolved AND project = OPS', ['OPS-2']],
  ['resolution != Fixed', ['AE-2', 'AE-7', 'OPS-1']],
  ['resolution is not empty', ['AE-2', 'AE-5', 'AE-7', 'OPS-1']],
  // users: accountId, e-mail, display name, currentUser(), membersOf(), EMPTY
  ['assignee = currentUser()', ['AE-1', 'AE-10', 'OPS-1']],
  ['assignee = "sam@example.com"', ['AE-3', 'AE-5', 'AE-8']],
  ['assignee = "Priya Raman"', ['AE-2', 'WEB-3']],
  [`assignee = ${ada}`, ['AE-4']],
  ['assignee != "sam@example.com"', ['AE-1', 'AE-2', 'AE-4', 'AE-10', 'OPS-1', 'WEB-1', 'WEB-2', 'WEB-3']],
  ['assignee is EMPTY', ['AE-6', 'AE-7', 'OPS-2']],
  ['assignee = EMPTY', ['AE-6', 'AE-7', 'OPS-2']],
  ['assignee in (EMPTY, currentUser()) AND project = AE', ['AE-1', 'AE-6', 'AE-7', 'AE-10']],
  ['assignee not in (currentUser(), "Riley Contractor")', ['AE-2', 'AE-3', 'AE-4', 'AE-5', 'AE-8', 'WEB-3']],
  ['assignee in membersOf("email-team")', ['AE-1', 'AE-2', 'AE-3', 'AE-5', 'AE-8', 'AE-10', 'OPS-1', 'WEB-3']],
  ['reporter = "priya@example.com"', ['AE-3', 'AE-4', 'AE-7']],
  ['reporter in membersOf(testers)', ['AE-5']],
  // labels (multi-valued, case-insensitive)
  ['labels = campaigns', ['AE-1', 'AE-2', 'AE-3']],
  ['labels = CAMPAIGNS', ['AE-1', 'AE-2', 'AE-3']],
  ['labels in (design, ios)', ['AE-2', 'AE-7', 'WEB-2']],
  ['labels != campaigns', ['AE-5', 'AE-7', 'OPS-1', 'OPS-2', 'WEB-2']],
  ['labels not in (ops, design)', ['AE-1', 'AE-3', 'AE-5', 'AE-7']],
  ['labels is EMPTY AND project = AE', ['AE-4', 'AE-6', 'AE-8', 'AE-10']],
  // priority, including its ordering
  ['priority = high', ['AE-1', 'AE-3', 'OPS-2']],
  ['priority > Medium', ['AE-1', 'AE-3', 'AE-5', 'OPS-2']],
  ['priority <= Low', ['AE-4', 'AE-7']],
  ['priority is EMPTY', ['AE-6']],
  ['priority != Medium AND project = AE', ['AE-1', 'AE-3', 'AE-4', 'AE-5', 'AE-7']],
  // component and fixVersion
  ['component = Delivery', ['AE-3', 'AE-5']],
  ['component is EMPTY AND project = AE', ['AE-1', 'AE-4', 'AE-6', 'AE-7', 'AE-8']],
  ['component != Templates', ['AE-5', 'AE-10']],
  ['fixVersion = "1.0"', ['AE-2', 'AE-3']],
  ['fixVersion is not EMPTY', ['AE-2', 'AE-3', 'AE-5']],
  // parent (Cloud epics and sub-tasks) and "Epic Link" answered from parent on Cloud
  ['parent = AE-1', ['AE-2', 'AE-3', 'AE-4']],
  ['parent in (AE-6, AE-3)', ['AE-5', 'AE-7', 'AE-8']],
  ['parent = 10003', ['AE-2', 'AE-3', 'AE-4']],
  ['"Epic Link" = AE-1', ['AE-2', 'AE-3', 'AE-4']],
  ['parent is EMPTY AND project = WEB', ['WEB-1', 'WEB-3']],
  ['parent != AE-1 AND project = AE', ['AE-5', 'AE-7', 'AE-8']],
  // text: word stems, all words, phrase, wildcard, !~ and empty descriptions
  ['summary ~ campaign', ['AE-1', 'AE-2', 'AE-4']],
  ['summary ~ "email campaigns"', ['AE-1']],
  ['summary ~ "\\"campaign template\\""', ['AE-2']],
  ['summary ~ "edit*"', ['AE-3', 'AE-8']],
  ['summary !~ email AND project = AE', ['AE-2', 'AE-3', 'AE-4', 'AE-5', 'AE-7', 'AE-8']],
  ['description ~ emails', ['AE-3']],
  ['description is EMPTY AND project = AE', ['AE-2', 'AE-4', 'AE-6', 'AE-7', 'AE-8', 'AE-10']],
  ['description !~ campaign', ['AE-3']],
  ['text ~ campaign', ['AE-1', 'AE-2', 'AE-4', 'AE-5', 'WEB-2']],
  // dates: relative periods, absolute dates (whole day for =, first instant for < <= > >=), functions
  ['created >= -7d', ['OPS-2', 'AE-8', 'WEB-3', 'AE-10']],
  ['created > -2w AND created < -1w', ['AE-4', 'AE-5', 'AE-7']],
  ['created >= "-1d 2h"', ['WEB-3', 'AE-10']],
  ['updated >= -2h', ['OPS-2']],
  ['created >= "2026-03-10"', ['AE-8', 'WEB-3', 'AE-10']],
  ['created = "2026-03-11"', ['WEB-3', 'AE-10']],
  ['createdDate <= "2026/01/10 10:00"', ['WEB-1', 'WEB-2', 'AE-1', 'AE-2']],
  ['created < "2026-01-10"', ['WEB-1', 'WEB-2', 'AE-1']],
  ['updated >= startOfDay()', ['AE-3', 'OPS-2', 'WEB-3', 'AE-10']],
  ['updated > endOfDay(-1)', ['AE-3', 'OPS-2', 'WEB-3', 'AE-10']],
  ['updated < startOfMonth()', ['AE-2', 'AE-6', 'OPS-1', 'WEB-2']],
  ['created >= startOfMonth(-1) AND created < startOfMonth()', ['AE-3', 'AE-5', 'AE-6', 'AE-7']],
  ['created >= startOfYear()', ALL_AE.concat(['OPS-1', 'OPS-2', 'WEB-3'])],
  ['created >= startOfWeek(-1) AND created < startOfWeek()', ['AE-4']],
  ['created >= startOfWeek("+1d") AND created < now()', ['OPS-2', 'AE-8', 'WEB-3', 'AE-10']],
  ['resolved >= "2026-03-01"', ['AE-5', 'AE-7']],
  ['resolutiondate <= endOfMonth(-1)', ['AE-2', 'OPS-1']],
  ['due < now()', ['AE-2', 'AE-3', 'OPS-1']],
  ['duedate = "2026-03-11"', ['AE-3']],
  ['due >= startOfDay() ORDER BY due', ['AE-3', 'AE-4']],
  ['due is EMPTY AND project = AE', ['AE-1', 'AE-5', 'AE-6', 'AE-7', 'AE-8', 'AE-10']],
  ['due != "2026-03-20"', ['AE-2', 'AE-3', 'OPS-1']],
  // numbers: story points by name and cf[id], extra number fields
  ['"Story point estimate" >= 5', ['AE-2', 'AE-3']],
  ['cf[10016] in (2, 3)', ['AE-4', 'WEB-2']],
  ['cf[10016] != 5', ['AE-3', 'AE-4', 'WEB-2']],
  ['cf[10016] is not EMPTY ORDER BY cf[10016] DESC', ['AE-3', 'AE-2', 'AE-4', 'WEB-2']],
  ['"Business Value" > 6', ['OPS-2', 'AE-10']],
  ['cf[10200] = 7.5', ['AE-10']],
  // precedence, parentheses, NOT pushed down as Jira does (so NOT x = y skips empty fields too)
  ['project = OPS OR project = WEB AND status = Done', ['OPS-1', 'OPS-2']],
  ['(project = OPS OR project = WEB) AND status = "In Progress"', ['OPS-2', 'WEB-1']],
  ['project = AE AND NOT (status = Done OR assignee = currentUser())', ['AE-3', 'AE-4', 'AE-8']],
  ['NOT assignee = currentUser()', ['AE-2', 'AE-3', 'AE-4', 'AE-5', 'AE-8', 'WEB-1', 'WEB-2', 'WEB-3']],
  ['NOT project = AE AND NOT project = OPS', ['WEB-1', 'WEB-2', 'WEB-3']],
  ['not (project = AE or project = OPS)', ['WEB-1', 'WEB-2', 'WEB-3']],
  ['NOT NOT project = OPS', ['OPS-1', 'OPS-2']],
  ['project = OPS AND NOT created > "2026-02-01"', ['OPS-1']],
  // ORDER BY: several fields, directions, Jira's per-field default directions, empties last in ASC
  ['project = AE ORDER BY key', ALL_AE],
  ['project = AE ORDER BY priority DESC, key ASC', ['AE-6', 'AE-5', 'AE-1', 'AE-3', 'AE-2', 'AE-8', 'AE-10', 'AE-4', 'AE-7']],
  ['project = AE ORDER BY priority, key', ['AE-6', 'AE-5', 'AE-1', 'AE-3', 'AE-2', 'AE-8', 'AE-10', 'AE-4', 'AE-7']],
  ['project in (OPS, WEB) ORDER BY created ASC', ['WEB-1', 'WEB-2', 'OPS-1', 'OPS-2', 'WEB-3']],
  ['project = AE ORDER BY updated', ['AE-10', 'AE-3', 'AE-8', 'AE-1', 'AE-5', 'AE-4', 'AE-7', 'AE-6', 'AE-2']],
  ['issuetype = Story ORDER BY assignee ASC, key DESC', ['AE-4', 'AE-2', 'WEB-2', 'AE-3']],
  ['project = AE AND status != Done ORDER BY status, key', ['AE-4', 'AE-6', 'AE-10', 'AE-1', 'AE-3', 'AE-8', 'AE-7']],
  ['due is not empty order by due ASC', ['OPS-1', 'AE-2', 'AE-3', 'AE-4']],
  ['project = WEB ORDER BY cf[10016] ASC, key', ['WEB-2', 'WEB-1', 'WEB-3']],
  ['ORDER BY key', [...ALL_AE, 'OPS-1', 'OPS-2', 'WEB-1', 'WEB-2', 'WEB-3']],
  ['project = OPS ORDER BY Rank ASC', ['OPS-1', 'OPS-2']],
];

describe('JQL semantics on Cloud', () => {
  it.each(CLOUD_TABLE)('%s', (jql, expected) => check(jql, expected, cloud));

  it('has a table of at least 60 queries', () => expect(CLOUD_TABLE.length).toBeGreaterThanOrEqual(60));

  it('orders by created DESC without ORDER BY, then by id', () => {
    expect(run('project = AE', cloud)).toEqual(['AE-10', 'AE-8', 'AE-4', 'AE-7', 'AE-5', 'AE-6', 'AE-3', 'AE-2', 'AE-1']);
  });

  it('marks queries without a WHERE clause as unbounded', () => {
    const bounded = (jql: string): boolean | undefined => {
      const result = compileJql(jql, cloud);
      return result.ok ? result.bounded : undefined;
    };
    expect(bounded('')).toBe(false);
    expect(bounded('order by key')).toBe(false);
    expect(bounded('project = AE order by key')).toBe(true);
  });

  it('interprets dates in the user time zone', () => {
    // OPS-1 was resolved 2026-01-31 23:30 UTC, which is already February 1st in Berlin.
    expect(run('resolved >= "2026-02-01"', fixtureContext('cloud', { timeZone: 'Europe/Berlin' })).sort()).toEqual(['AE-2', 'AE-5', 'AE-7', 'OPS-1']);
    expect(run('resolved >= "2026-02-01"', cloud).sort()).toEqual(['AE-2', 'AE-5', 'AE-7']);
    // 15:30 UTC is 11:30 in New York (daylight time since March 8th): the day started at 04:00 UTC.
    expect(run('created >= startOfDay()', fixtureContext('cloud', { timeZone: 'America/New_York' })).sort()).toEqual(['AE-10', 'WEB-3']);
  });

  it('lets a restricted user see only their projects, and hides the others as Jira does', () => {
    const riley = fixtureContext('cloud', { user: 'riley' });
    expect(run('assignee = currentUser()', riley).sort()).toEqual(['WEB-1', 'WEB-2']);
    expect(run('status = Done OR status = "To Do"', riley)).toEqual(['WEB-2']);
    const hidden = compileJql('project = AE', riley);
    expect(hidden.ok ? [] : hidden.errorMessages).toEqual(["The value 'AE' does not exist for the field 'project'."]);
    const hiddenKey = compileJql('key = AE-1', riley);
    expect(hiddenKey.ok ? [] : hiddenKey.errorMessages).toEqual(["An issue with key 'AE-1' does not exist for field 'key'."]);
  });

  it('matches nothing for currentUser() when the caller is anonymous', () => {
    expect(run('assignee = currentUser()', fixtureContext('cloud', { user: null }))).toEqual([]);
  });
});

const dataCenter = fixtureContext('datacenter');
const samKey = fixtureUser(dataCenter.dataset, 'sam').key;

const DATA_CENTER_TABLE: [string, string[]][] = [
  ['"Epic Link" = AE-1', ['AE-2', 'AE-3', 'AE-4']],
  ['cf[10101] in (AE-6, WEB-1)', ['AE-5', 'AE-7', 'WEB-2']],
  ['"epic link" is EMPTY AND project = AE', ['AE-1', 'AE-6', 'AE-8', 'AE-10']],
  ['parent = AE-3', ['AE-8']],
  ['parent = AE-1', []],
  ['"Story Points" > 2', ['AE-2', 'AE-3', 'AE-4']],
  ['assignee = sam', ['AE-3', 'AE-5', 'AE-8']],
  [`assignee = ${samKey}`, ['AE-3', 'AE-5', 'AE-8']],
  ['issuetype = 1', ['AE-5', 'AE-7', 'WEB-3']],
];

describe('JQL semantics on Data Center', () => {
  const ctx = dataCenter;
  it.each(DATA_CENTER_TABLE)('%s', (jql, expected) => check(jql, expected, ctx));

  it('only warns about an unknown user, and matches nothing for it', () => {
    const result = compileJql('assignee = nobody OR assignee = sam', ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warningMessages).toEqual(["The value 'nobody' does not exist for the field 'assignee'."]);
    expect(ctx.dataset.issues.filter(result.matches).map((i) => i.key).sort()).toEqual(['AE-3', 'AE-5', 'AE-8']);
  });
});
