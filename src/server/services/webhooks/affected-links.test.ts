import { describe, expect, test } from 'vitest';
import { jqlNamesAny, termsFor } from './affected-links';
import { parseDelivery, type IssueChangeFacts } from './jira-webhook-event';

function facts(body: unknown): IssueChangeFacts {
  const parsed = parseDelivery(body);
  if (parsed.kind !== 'issue') throw new Error(`expected an issue event, got ${JSON.stringify(parsed)}`);
  return parsed.facts;
}

const storyInEpic = {
  webhookEvent: 'jira:issue_updated',
  issue_event_type_name: 'issue_generic',
  unknownTopLevel: { anything: true },
  issue: {
    id: 10042,
    key: 'ae-790',
    fields: {
      project: { id: '10000', key: 'AE', name: 'Email Marketing', avatarUrls: {} },
      parent: { id: '10001', key: 'AE-786', fields: { summary: 'Email Campaigns' } },
      customfield_10014: 'AE-900',
      customfield_10016: 5,
      customfield_10020: 'not a key',
      summary: 'Build the editor',
    },
  },
  changelog: { id: '1', items: [{ field: 'Epic Link', fieldtype: 'custom', from: '10900', fromString: 'AE-700', to: '10901', toString: 'AE-900' }] },
};

describe('reading a delivery', () => {
  test('keeps the key, project, parent, Epic Link and the keys the change moved the issue from; extra fields are fine', () => {
    expect(facts(storyInEpic)).toEqual({
      event: 'jira:issue_updated',
      issueKey: 'AE-790',
      issueId: '10042',
      project: { key: 'AE', id: '10000', name: 'Email Marketing' },
      relatedKeys: ['AE-786', 'AE-900', 'AE-700'],
    });
  });

  test('other events are told apart from bodies that are no event at all', () => {
    expect(parseDelivery({ webhookEvent: 'comment_created', comment: {} })).toEqual({ kind: 'other', event: 'comment_created' });
    expect(parseDelivery({ hello: 'world' }).kind).toBe('invalid');
    expect(parseDelivery({ webhookEvent: 'jira:issue_deleted', issue: { key: 'not a key' } }).kind).toBe('invalid');
    expect(parseDelivery({ webhookEvent: 'jira:issue_deleted', issue: { key: 'OPS-1' } })).toMatchObject({
      kind: 'issue',
      facts: { issueKey: 'OPS-1', project: { key: null }, relatedKeys: [] },
    });
  });
});

describe('the JQL token scan', () => {
  const terms = termsFor(facts(storyInEpic));
  const names = (jql: string) => jqlNamesAny(jql, terms);

  test.each([
    'project = AE',
    'project in (OPS, ae) AND statusCategory != Done',
    'project = 10000',
    'project = "Email Marketing" ORDER BY rank',
    'parent = AE-786',
    '"Epic Link" = AE-900',
    'issuekey in (AE-790, WEB-1)',
    'key = "AE-790"',
  ])('names the issue, its project or its epic: %s', (jql) => {
    expect(names(jql)).toBe(true);
  });

  test.each([
    'project = OPS',
    'parent = AE-7',
    'parent = AE-7860',
    'project = AEX',
    'project = XAE',
    'key = WEB-790',
    'labels = okr',
    'project = 100001',
  ])('leaves other queries alone: %s', (jql) => {
    expect(names(jql)).toBe(false);
  });

  test('a project key is not the start of an issue key of that project', () => {
    const bare = termsFor({ event: 'jira:issue_created', issueKey: 'OPS-5', issueId: null, project: { key: 'AE', id: null, name: null }, relatedKeys: [] });
    expect(jqlNamesAny('parent = AE-786', bare)).toBe(false);
    expect(jqlNamesAny('project = AE', bare)).toBe(true);
  });
});
