import { expect, test } from 'vitest';
import { refreshAllNotice } from './refreshAllText';

const base = { links: 0, busy: 0, claimed: 0, ok: 0, failed: 0, discarded: 0, jiraRequests: 0, queries: 0, paused: false };

test('no linked items says so instead of "0 of 0"', () => {
  expect(refreshAllNotice('Demo Jira', base)).toEqual({
    color: 'gray',
    title: 'Nothing to refresh',
    message: 'No objective or key result is linked to Jira through “Demo Jira”.',
  });
});

test('all synced is green with the number of Jira requests', () => {
  expect(refreshAllNotice('Demo Jira', { ...base, links: 2, claimed: 2, ok: 2, jiraRequests: 1, queries: 1 })).toEqual({
    color: 'green',
    title: 'Refreshed 2 of 2 linked items from “Demo Jira”',
    message: '1 Jira request.',
  });
});

test('failures and busy links are named and turn it orange', () => {
  const notice = refreshAllNotice('Demo Jira', { ...base, links: 3, busy: 1, claimed: 2, ok: 1, failed: 1, jiraRequests: 4 });
  expect(notice.color).toBe('orange');
  expect(notice.title).toBe('Refreshed 1 of 3 linked items from “Demo Jira”');
  expect(notice.message).toBe('4 Jira requests. 1 failed and kept its last good progress; open it to see Jira’s reason. 1 was already syncing and will finish on their own.');
});
