/** The fair-use settings of Jira requests: defaults, valid values, and a bad value naming its variable. */
import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config';

test('PACER_JIRA_INTERACTIVE_PER_USER and PACER_JIRA_SLOT_WAIT_SECONDS default to 2 and 30', () => {
  expect(loadConfig({})).toMatchObject({ jiraInteractivePerUser: 2, jiraSlotWaitSeconds: 30 });
  expect(loadConfig({ PACER_JIRA_INTERACTIVE_PER_USER: '5', PACER_JIRA_SLOT_WAIT_SECONDS: ' ' })).toMatchObject({
    jiraInteractivePerUser: 5,
    jiraSlotWaitSeconds: 30,
  });
});

test('a bad value stops the start with a message naming the variable', () => {
  expect(() => loadConfig({ PACER_JIRA_INTERACTIVE_PER_USER: '0' })).toThrow(ConfigError);
  expect(() => loadConfig({ PACER_JIRA_INTERACTIVE_PER_USER: '0' })).toThrow(/PACER_JIRA_INTERACTIVE_PER_USER \(got "0"\) must be between 1 and 64/);
  expect(() => loadConfig({ PACER_JIRA_SLOT_WAIT_SECONDS: 'soon' })).toThrow(/PACER_JIRA_SLOT_WAIT_SECONDS \(got "soon"\) must be a whole number of seconds/);
  expect(() => loadConfig({ PACER_JIRA_SLOT_WAIT_SECONDS: '601' })).toThrow(/must be between 1 and 600/);
});
