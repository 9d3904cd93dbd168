import { describe, expect, it } from 'vitest';
import { epicLinkUsage, isSelfContainedJql, scopeToResolvedPeriod, splitOrderBy, withConnectionScope } from './jql-scope';

describe('splitOrderBy', () => {
  it('finds a top-level ORDER BY, in any case', () => {
    expect(splitOrderBy('project = AE ORDER BY key ASC')).toEqual({ where: 'project = AE', orderBy: 'ORDER BY key ASC' });
    expect(splitOrderBy('project = AE order  by rank')).toEqual({ where: 'project = AE', orderBy: 'order  by rank' });
    expect(splitOrderBy('order by key')).toEqual({ where: '', orderBy: 'order by key' });
  });

  it('ignores "order by" inside quoted text and inside words', () => {
    expect(splitOrderBy('summary ~ "order by email"')).toEqual({ where: 'summary ~ "order by email"', orderBy: '' });
    expect(splitOrderBy("summary ~ 'reorder by hand'")).toEqual({ where: "summary ~ 'reorder by hand'", orderBy: '' });
    expect(splitOrderBy('labels = border')).toEqual({ where: 'labels = border', orderBy: '' });
  });
});

describe('scopeToResolvedPeriod', () => {
  const q1 = { startDate: '2026-01-01', endDate: '2026-03-31' };

  it('wraps the query and bounds the resolution date, including the whole last day', () => {
    expect(scopeToResolvedPeriod('project = AE OR labels = bug', q1)).toBe(
      '(project = AE OR labels = bug) AND resolved >= "2026-01-01" AND resolved < "2026-04-01"',
    );
  });

  it('keeps ORDER BY at the end and handles a query that is only an ORDER BY', () => {
    expect(scopeToResolvedPeriod('parent = AE-900 ORDER BY key', q1)).toBe(
      '(parent = AE-900) AND resolved >= "2026-01-01" AND resolved < "2026-04-01" ORDER BY key',
    );
    expect(scopeToResolvedPeriod('ORDER BY key', { startDate: '2024-02-01', endDate: '2024-02-29' })).toBe(
      'resolved >= "2024-02-01" AND resolved < "2024-03-01" ORDER BY key',
    );
  });
});

describe('epicLinkUsage', () => {
  it('spots the Epic Link field and the epic it names', () => {
    expect(epicLinkUsage('"Epic Link" = AE-786')).toEqual({ key: 'AE-786' });
    expect(epicLinkUsage("project = AE AND 'epic link' in (AE-786, AE-900)")).toEqual({ key: 'AE-786' });
    expect(epicLinkUsage('"Epic Link" is EMPTY')).toEqual({ key: '' });
    expect(epicLinkUsage('parent = AE-786')).toBeNull();
  });
});

describe('withConnectionScope', () => {
  it("ANDs the scope before the query's where-part and keeps its ORDER BY last", () => {
    expect(withConnectionScope('project in (AE, OPS)', 'created >= -10000d ORDER BY key DESC')).toBe('(project in (AE, OPS)) AND (created >= -10000d) ORDER BY key DESC');
    expect(withConnectionScope('project = OPS', 'a = 1 OR b = 2')).toBe('(project = OPS) AND (a = 1 OR b = 2)');
    expect(withConnectionScope('project = OPS', 'ORDER BY rank')).toBe('(project = OPS) ORDER BY rank');
    expect(withConnectionScope(null, ' project = AE ')).toBe('project = AE');
    expect(withConnectionScope('  ', 'project = AE')).toBe('project = AE');
  });

  it('keeps working with period scoping applied first', () => {
    const periodScoped = scopeToResolvedPeriod('project = AE ORDER BY key', { startDate: '2026-01-01', endDate: '2026-03-31' });
    expect(withConnectionScope('project = OPS', periodScoped)).toBe(
      '(project = OPS) AND ((project = AE) AND resolved >= "2026-01-01" AND resolved < "2026-04-01") ORDER BY key',
    );
  });

  it('never lets a stray parenthesis close the scope: such a query is left malformed for Jira to reject', () => {
    const escaped = withConnectionScope('project = OPS', 'created >= -10000d) OR (project = HR');
    expect(escaped).toBe('(project = OPS) AND created >= -10000d) OR (project = HR');
    expect(isSelfContainedJql(escaped)).toBe(false);
    expect(isSelfContainedJql(withConnectionScope('project = OPS', 'summary ~ "x) OR (y"'))).toBe(true);
    expect(isSelfContainedJql(withConnectionScope('project = OPS', 'a = 1 ORDER BY key) OR (b = 2'))).toBe(false);
  });
});

describe('isSelfContainedJql', () => {
  it('needs every quote and parenthesis closed, in order', () => {
    expect(isSelfContainedJql('project in (AE, OPS) AND summary ~ "(draft"')).toBe(true);
    expect(isSelfContainedJql("summary ~ 'it\\'s (fine'")).toBe(true);
    expect(isSelfContainedJql('project in (AE, OPS')).toBe(false);
    expect(isSelfContainedJql('a) OR (b')).toBe(false);
    expect(isSelfContainedJql('summary ~ "open')).toBe(false);
  });
});
