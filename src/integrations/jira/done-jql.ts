/**
 * A link's "done" rule as JQL, so Jira can count the done issues of a query itself (one count
 * request) instead of Pacer reading every issue. Pure: the rule comes in as plain data, the same
 * shape the link options store.
 */
import { splitOrderBy } from './jql-scope';

/** The done rules Pacer knows (mirrors the link options' doneRule). */
export type DoneRuleLike =
  | { type: 'status_category' }
  | { type: 'resolution' }
  | { type: 'statuses'; statuses: readonly string[] };

/**
 * A JQL string literal: double quotes, with backslash and quote escaped and control characters
 * written as JQL escapes, so no status name can end the string or add a clause of its own.
 */
export function jqlString(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${char}`;
    }
  });
  return `"${escaped}"`;
}

/**
 * The clause that matches done issues, or null when nothing can be done (a statuses rule whose
 * names are all blank). Status names are trimmed and de-duplicated ignoring case: Jira compares
 * status names without regard to case, as the rule does.
 */
export function doneRuleClause(rule: DoneRuleLike): string | null {
  switch (rule.type) {
    case 'status_category':
      return 'statusCategory = Done';
    case 'resolution':
      return 'resolution IS NOT EMPTY';
    case 'statuses': {
      const seen = new Set<string>();
      const names: string[] = [];
      for (const raw of rule.statuses) {
        const name = raw.trim();
        if (name === '' || seen.has(name.toLowerCase())) continue;
        seen.add(name.toLowerCase());
        names.push(name);
      }
      return names.length === 0 ? null : `status in (${names.map(jqlString).join(', ')})`;
    }
  }
}

/**
 * The query restricted to its done issues, for a count: the person's query in parentheses (so an
 * OR in it cannot swallow the rule) ANDed with the rule, its ORDER BY dropped (a count has no
 * order, and ORDER BY must stay last). Null when no issue can be done by the rule.
 */
export function doneIssuesJql(jql: string, rule: DoneRuleLike): string | null {
  const clause = doneRuleClause(rule);
  if (clause === null) return null;
  const { where } = splitOrderBy(jql);
  return where === '' ? clause : `(${where}) AND ${clause}`;
}

/**
 * The query in the order people read keys (AE-9 before AE-10) unless it has an ORDER BY of its
 * own. Jira orders `key` by project, then by the issue's number, not as text.
 */
export function orderedByKeyUnlessOrdered(jql: string): string {
  const { where, orderBy } = splitOrderBy(jql);
  if (orderBy !== '') return jql;
  return where === '' ? 'ORDER BY key ASC' : `${where} ORDER BY key ASC`;
}

/**
 * Status names Jira said do not exist, from its messages for a rejected query ("The value 'X' does
 * not exist for the field 'status'."), so a rule naming a status this site lacks can be counted
 * without it rather than fail.
 */
export function unknownStatusNames(jiraMessages: readonly string[]): string[] {
  const names: string[] = [];
  for (const message of jiraMessages) {
    const match = /^The value '(.*)' does not exist for the field 'status'\.?$/i.exec(message.trim());
    if (match?.[1] !== undefined) names.push(match[1]);
  }
  return names;
}
