/**
 * Which links a changed issue can affect, so a webhook re-syncs only those:
 * 1. links whose last matching set holds the issue (it may have changed status, points, or left);
 * 2. links whose JQL names the issue's project (key, id or name), its parent or epic, or the issue
 *    itself (it may have joined).
 *
 * (2) is a conservative token scan of the JQL, not a JQL evaluation: a name counts when it stands
 * as a whole token anywhere in the query, even inside a text search or a NOT clause, so a link may
 * sync without need but never misses a change that names it. What it cannot see: queries that
 * select by something other than those names (labels, assignee, a saved filter, a sprint) pick up a
 * newly matching issue only at the next scheduled round; an issue already in their set is case (1).
 */
import type { Kysely } from 'kysely';
import { listLinkIdsHoldingIssues, listLinksWithJqlContaining } from '../../db/repositories/webhooks-repository';
import type { Database } from '../../db/schema';
import type { IssueChangeFacts } from './jira-webhook-event';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Term {
  text: string;
  pattern: RegExp;
}

/** An issue key as a whole token: "AE-7" is not part of "AE-790" or "XAE-7". */
function issueKeyTerm(key: string): Term {
  return { text: key, pattern: new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(key)}(?![A-Za-z0-9_])`, 'i') };
}

/** A project key as a whole token, but not the start of an issue key ("AE" in "AE-786" names an issue, not the project). */
function projectKeyTerm(key: string): Term {
  return { text: key, pattern: new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(key)}(?![A-Za-z0-9_]|-\\d)`, 'i') };
}

/** Jira's basic search writes `project = 10000`. */
function projectIdTerm(id: string): Term {
  return { text: id, pattern: new RegExp(`(?<![A-Za-z0-9_.-])${escapeRegExp(id)}(?![A-Za-z0-9_.])`) };
}

/** `project = "Email Marketing"`: the name as whole words, in any case. */
function projectNameTerm(name: string): Term {
  return { text: name, pattern: new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(name)}(?![A-Za-z0-9_])`, 'i') };
}

export function termsFor(facts: IssueChangeFacts): Term[] {
  const terms: Term[] = [issueKeyTerm(facts.issueKey), ...facts.relatedKeys.map(issueKeyTerm)];
  if (facts.project.key) terms.push(projectKeyTerm(facts.project.key));
  if (facts.project.id) terms.push(projectIdTerm(facts.project.id));
  if (facts.project.name) terms.push(projectNameTerm(facts.project.name));
  return terms;
}

/** True when the JQL names any of the terms as a whole token. */
export function jqlNamesAny(jql: string, terms: readonly Term[]): boolean {
  return terms.some((term) => term.pattern.test(jql));
}

export async function findAffectedLinkIds(db: Kysely<Database>, connectionId: string, facts: IssueChangeFacts): Promise<string[]> {
  const terms = termsFor(facts);
  const [holding, candidates] = await Promise.all([
    // Related keys too: an issue moved to another project arrives under its new key, with the old one in the changelog.
    listLinkIdsHoldingIssues(db, connectionId, [facts.issueKey, ...facts.relatedKeys]),
    listLinksWithJqlContaining(db, connectionId, [...new Set(terms.map((term) => term.text))]),
  ]);
  const named = candidates.filter((link) => jqlNamesAny(link.jql, terms)).map((link) => link.id);
  return [...new Set([...holding, ...named])].sort();
}
