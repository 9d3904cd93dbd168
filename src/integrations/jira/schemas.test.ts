import { describe, expect, it } from 'vitest';
import { bulkFetchSchema, cloudSearchPageSchema, dataCenterSearchPageSchema, describeSchemaIssues, extractJiraMessages, myselfSchema, serverInfoSchema } from './schemas';

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

  it("a page's issues are checked one by one: each wrong one named by its path, never by its value", () => {
    const hostile = [{ id: 7, key: 's3cr3t-key' }, 'not an issue', { id: '1', fields: ['s3cr3t-field'] }, { id: '2', key: { s3cr3t: true } }, null];
    for (const parsed of [
      cloudSearchPageSchema.safeParse({ issues: hostile }),
      dataCenterSearchPageSchema.safeParse({ startAt: 0, maxResults: 5, total: 5, issues: hostile }),
      bulkFetchSchema.safeParse({ issues: hostile }),
    ]) {
      expect(parsed.success).toBe(false);
      if (parsed.success) continue;
      const text = describeSchemaIssues(parsed.error, 10);
      expect(text).toBe(
        '"issues.0.id": Invalid input: expected string, received number; "issues.1": Invalid input: expected object, received string; ' +
          '"issues.2.fields": Invalid input: expected record, received array; "issues.3.key": Invalid input: expected string, received object; ' +
          '"issues.4": Invalid input: expected object, received null',
      );
      expect(text).not.toContain('s3cr3t');
    }
    expect(cloudSearchPageSchema.safeParse({ issues: 'none' }).success).toBe(false);
  });

  it('keeps what a good issue has: id, key and fields (none given: empty)', () => {
    const parsed = cloudSearchPageSchema.parse({ issues: [{ id: '1', key: 'A-1', self: 'https://jira/1', fields: { summary: 'x' } }, { id: '2' }] });
    expect(parsed.issues).toEqual([{ id: '1', key: 'A-1', fields: { summary: 'x' } }, { id: '2', fields: {} }]);
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
