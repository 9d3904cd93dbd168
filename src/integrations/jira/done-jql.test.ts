import { describe, expect, it } from 'vitest';
import { doneIssuesJql, doneRuleClause, jqlString, orderedByKeyUnlessOrdered, unknownStatusNames } from './done-jql';

describe('jqlString', () => {
  it('quotes a value, escaping backslashes, quotes and control characters', () => {
    expect(jqlString('Done')).toBe('"Done"');
    expect(jqlString('Won\'t do')).toBe('"Won\'t do"');
    expect(jqlString('Say "done"')).toBe('"Say \\"done\\""');
    expect(jqlString('back\\slash')).toBe('"back\\\\slash"');
    // A trailing backslash must not escape the closing quote.
    expect(jqlString('ends\\')).toBe('"ends\\\\"');
    expect(jqlString('a\nb\tc\rd')).toBe('"a\\nb\\tc\\rd"');
  });

  it('cannot be broken out of: the value stays one string literal', () => {
    const hostile = '") OR project = SECRET OR status in ("';
    const quoted = jqlString(hostile);
    // Every quote inside is escaped, so the only unescaped quotes are the two around it.
    const unescapedQuotes = [...quoted.matchAll(/(?<!\\)(?:\\\\)*"/g)].length;
    expect(unescapedQuotes).toBe(2);
  });
});

describe('doneRuleClause', () => {
  it('expresses each rule as JQL', () => {
    expect(doneRuleClause({ type: 'status_category' })).toBe('statusCategory = Done');
    expect(doneRuleClause({ type: 'resolution' })).toBe('resolution IS NOT EMPTY');
    expect(doneRuleClause({ type: 'statuses', statuses: ['Done', 'Closed'] })).toBe('status in ("Done", "Closed")');
  });

  it('trims status names, drops blanks and repeats (ignoring case), and escapes them', () => {
    expect(doneRuleClause({ type: 'statuses', statuses: [' Done ', 'done', 'QA "passed"', '  '] })).toBe('status in ("Done", "QA \\"passed\\"")');
    expect(doneRuleClause({ type: 'statuses', statuses: ['  '] })).toBeNull();
  });
});

describe('doneIssuesJql', () => {
  it('ANDs the rule onto the query in parentheses, without its ORDER BY', () => {
    expect(doneIssuesJql('project = AE OR labels = x ORDER BY rank', { type: 'status_category' })).toBe('(project = AE OR labels = x) AND statusCategory = Done');
    expect(doneIssuesJql('parent = AE-786', { type: 'resolution' })).toBe('(parent = AE-786) AND resolution IS NOT EMPTY');
    expect(doneIssuesJql('summary ~ "order by email"', { type: 'statuses', statuses: ['Done'] })).toBe('(summary ~ "order by email") AND status in ("Done")');
  });

  it('is the rule alone for a query with no restriction, and null when nothing can be done', () => {
    expect(doneIssuesJql('ORDER BY key', { type: 'status_category' })).toBe('statusCategory = Done');
    expect(doneIssuesJql('project = AE', { type: 'statuses', statuses: [] })).toBeNull();
  });
});

describe('orderedByKeyUnlessOrdered', () => {
  it('orders by key unless the query has its own ORDER BY', () => {
    expect(orderedByKeyUnlessOrdered('project = AE')).toBe('project = AE ORDER BY key ASC');
    expect(orderedByKeyUnlessOrdered('project = AE order by created DESC')).toBe('project = AE order by created DESC');
    expect(orderedByKeyUnlessOrdered('summary ~ "order by"')).toBe('summary ~ "order by" ORDER BY key ASC');
  });
});

describe('unknownStatusNames', () => {
  it("reads the status names Jira says do not exist, ignoring Jira's other messages", () => {
    expect(
      unknownStatusNames([
        "The value 'Shipped' does not exist for the field 'status'.",
        "The value 'NOPE' does not exist for the field 'project'.",
        "The value 'It's \"done\"' does not exist for the field 'status'.",
      ]),
    ).toEqual(['Shipped', 'It\'s "done"']);
    expect(unknownStatusNames(["Error in the JQL Query: Expecting ')' before the end of the query."])).toEqual([]);
  });
});
