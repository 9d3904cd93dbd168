import { describe, expect, it } from 'vitest';
import { cloudSearchPageSchema, describeSchemaIssues, extractJiraMessages, myselfSchema, serverInfoSchema } from './schemas';

describe('describeSchemaIssues', () => {
  it('names the paths and expected types, never the values received', () => {
    const parsed = serverInfoSchema.safeParse({ baseUrl: 42, deploymentType: 'Cloud', version: ['s3cr3t-value'] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const text = describeSchemaIssues(parsed.error);
    expect(text).toContain('"baseUrl"');
    expect(text).toContain('"version"');
    expect(text).toMatch(/expected string/);
    expect(text).not.toContain('s3cr3t-value');
    expect(text).not.toContain('42');
  });

  it('limits the list and says how many more there were', () => {
    const parsed = cloudSearchPageSchema.safeParse({ issues: [{}, {}, {}, {}] });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeSchemaIssues(parsed.error, 2)).toMatch(/\(and 2 more\)$/);
  });

  it('an HTML login page or a non-user body does not pass as a user', () => {
    expect(myselfSchema.safeParse('<html>').success).toBe(false);
    expect(myselfSchema.safeParse({ displayName: 'Nobody' }).success).toBe(false);
    expect(myselfSchema.safeParse({ displayName: 'Dana', name: 'dana' }).success).toBe(true);
  });
});

describe('extractJiraMessages', () => {
  it("keeps Jira's messages verbatim, from every error shape Jira uses", () => {
    expect(extractJiraMessages({ errorMessages: ["Error in the JQL Query: Expecting ')' before the end of the query."], errors: {} })).toEqual([
      "Error in the JQL Query: Expecting ')' before the end of the query.",
    ]);
    expect(extractJiraMessages({ errorMessages: [], errors: { jql: 'Field x does not exist.' } })).toEqual(['Field x does not exist.']);
    expect(extractJiraMessages({ message: 'Basic Authentication has been disabled on this instance.' })).toEqual([
      'Basic Authentication has been disabled on this instance.',
    ]);
    expect(extractJiraMessages('<html>')).toEqual([]);
    expect(extractJiraMessages(undefined)).toEqual([]);
  });
});
