/**
 * Small, pure JQL edits Pacer makes to a user's query: restricting it to issues resolved within a
 * period, and spotting common pitfalls for hints. Pacer never parses JQL fully (Jira does); it only
 * needs to find a top-level ORDER BY, which must stay at the end of the query.
 */

/** The query without its ORDER BY clause, and that clause ('' when absent). Quotes are respected. */
export function splitOrderBy(jql: string): { where: string; orderBy: string } {
  let quote: string | null = null;
  for (let i = 0; i < jql.length; i += 1) {
    const char = jql[i];
    if (quote !== null) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      continue;
    }
    if ((char === 'o' || char === 'O') && /^order\s+by\b/i.test(jql.slice(i)) && (i === 0 || /[\s)]/.test(jql[i - 1] ?? ''))) {
      return { where: jql.slice(0, i).trim(), orderBy: jql.slice(i).trim() };
    }
  }
  return { where: jql.trim(), orderBy: '' };
}

function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * Adds "resolved within the period" to a query. The end date is inclusive, so the bound is
 * `resolved < "<day after the end>"`: Jira reads `resolved <= "2026-03-31"` as up to midnight at the
 * start of the 31st, which would leave out the last day's work.
 */
export function scopeToResolvedPeriod(jql: string, period: { startDate: string; endDate: string }): string {
  const { where, orderBy } = splitOrderBy(jql);
  const range = `resolved >= "${period.startDate}" AND resolved < "${dayAfter(period.endDate)}"`;
  const scoped = where === '' ? range : `(${where}) AND ${range}`;
  return orderBy === '' ? scoped : `${scoped} ${orderBy}`;
}

/**
 * Whether a query uses the "Epic Link" field, which Jira Cloud deprecated in favour of `parent`;
 * `key` is the epic it compares with when that is a plain issue key, else ''.
 */
export function epicLinkUsage(jql: string): { key: string } | null {
  const match = /(?:"epic link"|'epic link')\s*(?:=|in)?\s*\(?\s*["']?([A-Z][A-Z0-9_]*-\d+)?/i.exec(jql);
  if (!match) return null;
  return { key: match[1] ?? '' };
}

/**
 * Whether a piece of JQL stands on its own: every quote closed and every parenthesis closed after
 * it opened. Only such a piece may be wrapped in parentheses and ANDed with a connection's scope;
 * `a) OR (b` would otherwise close the scope's parenthesis and escape it.
 */
export function isSelfContainedJql(jql: string): boolean {
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < jql.length; i += 1) {
    const char = jql[i];
    if (quote !== null) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth < 0) return false;
    }
  }
  return quote === null && depth === 0;
}

/**
 * A connection's scope ANDed onto a query: `(scope) AND (where) ORDER BY …`. A query that is not
 * self-contained is appended without its own parentheses, so the whole stays malformed and Jira
 * rejects it (an error the person sees) instead of its stray parenthesis closing the scope's.
 */
export function withConnectionScope(scope: string | null, jql: string): string {
  const scopeWhere = scope === null ? '' : scope.trim();
  if (scopeWhere === '') return jql.trim();
  const { where, orderBy } = splitOrderBy(jql);
  const user = where === '' ? '' : isSelfContainedJql(where) && isSelfContainedJql(orderBy) ? ` AND (${where})` : ` AND ${where}`;
  const scoped = `(${scopeWhere})${user}`;
  return orderBy === '' ? scoped : `${scoped} ${orderBy}`;
}
