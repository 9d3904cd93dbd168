import { describe, expect, test } from 'vitest';
import { connectedSentence, healthText, linkedItemsCount, linkedItemsSentence, shortReason } from './jiraText';

describe('Jira connection wording', () => {
  test('the success sentence names the deployment and the Jira user', () => {
    const dana = { displayName: 'Dana Smith', accountId: 'abc', username: null };
    expect(connectedSentence({ deploymentType: 'cloud', jiraUser: dana })).toBe('Connected to Jira Cloud as Dana Smith');
    expect(connectedSentence({ deploymentType: 'datacenter', jiraUser: dana })).toBe('Connected to Jira Data Center as Dana Smith');
    expect(connectedSentence({ deploymentType: 'cloud', jiraUser: null })).toBe('Connected to Jira Cloud');
  });

  test('health reads ok, failing with a short reason, or not checked yet', () => {
    expect(healthText({ status: 'ok', lastError: null, lastCheckedAt: '2027-01-01T00:00:00Z' })).toBe('ok');
    const failing = { status: 'failing' as const, lastError: { code: 'jira_auth_failed', message: 'Jira rejected…' }, lastCheckedAt: null };
    expect(healthText(failing)).toBe('failing: credentials rejected');
    expect(healthText({ status: 'unknown', lastError: null, lastCheckedAt: null })).toBe('not checked yet');
  });

  test('reasons are found with or without the jira_ prefix, and unknown codes still read as words', () => {
    expect(shortReason('unreachable')).toBe('Jira unreachable');
    expect(shortReason('secret_unreadable')).toBe('secret unreadable, enter it again');
    expect(shortReason('jira_something_new')).toBe('something new');
  });

  test('the delete confirmation counts linked items in words', () => {
    expect(linkedItemsSentence(0)).toBe('No objectives or key results use this connection.');
    expect(linkedItemsSentence(1)).toBe('1 objective or key result uses this connection.');
    expect(linkedItemsSentence(4)).toBe('4 objectives and key results use this connection.');
    expect(linkedItemsCount(4)).toBe('4 objectives and key results');
  });
});
