/**
 * The admin setting `sync.maxIssuesPerLink`: the most issues one link's query may match (default
 * 50,000, 1 to 1,000,000). A query above it is refused when previewed or saved, with the count and
 * the cap, before any page of issues is read: one count request decides.
 */
import type { Kysely } from 'kysely';
import { isJiraError } from '../../../integrations/jira/index';
import { readSettings, writeSetting } from '../../db/repositories/settings-repository';
import type { Database } from '../../db/schema';
import { TooManyIssuesError, ValidationError } from '../../errors';
import type { JiraClientSource } from './jira-clients';

export const MAX_ISSUES_PER_LINK_KEY = 'sync.maxIssuesPerLink';
export const DEFAULT_MAX_ISSUES_PER_LINK = 50_000;
// The bounds are part of the API contract (the PATCH /settings body checks them).
import { MAX_MAX_ISSUES_PER_LINK, MIN_MAX_ISSUES_PER_LINK } from '../../../contract/settings';
export { MAX_MAX_ISSUES_PER_LINK, MIN_MAX_ISSUES_PER_LINK };

export function isValidMaxIssuesPerLink(value: number): boolean {
  return Number.isInteger(value) && value >= MIN_MAX_ISSUES_PER_LINK && value <= MAX_MAX_ISSUES_PER_LINK;
}

export async function getMaxIssuesPerLink(db: Kysely<Database>): Promise<number> {
  const stored = (await readSettings(db, [MAX_ISSUES_PER_LINK_KEY])).get(MAX_ISSUES_PER_LINK_KEY);
  // A hand-edited value out of range falls back to the default rather than lifting the cap.
  return typeof stored === 'number' && isValidMaxIssuesPerLink(stored) ? stored : DEFAULT_MAX_ISSUES_PER_LINK;
}

export async function setMaxIssuesPerLink(db: Kysely<Database>, value: number, now: Date): Promise<number> {
  await writeSetting(db, MAX_ISSUES_PER_LINK_KEY, value, now.toISOString());
  return value;
}

const formatCount = (value: number): string => value.toLocaleString('en-US');

/** The refusal for a query matching `count` issues when a link may match `cap`. */
export function tooManyIssues(count: number, cap: number): TooManyIssuesError {
  return new TooManyIssuesError(
    'jql',
    `This query matches ${formatCount(count)} issues; a link may match at most ${formatCount(cap)}. ` +
      'Narrow the query (for example to a project, an epic or a label), or ask an admin to raise the limit in Admin > Settings.',
  );
}

/** Throws the refusal when `count` is above the admin's cap. */
export async function assertWithinLinkCap(db: Kysely<Database>, count: number): Promise<void> {
  const cap = await getMaxIssuesPerLink(db);
  if (count > cap) throw tooManyIssues(count, cap);
}

/**
 * Saving a link: counts its query's issues (one request) and refuses it above the cap. A query Jira
 * rejects is refused the way saving refuses it (400, Jira's messages on "jql"); any other failure
 * (Jira down) is left to the sync that follows, which records it on the link.
 */
export async function checkLinkCap(db: Kysely<Database>, clients: JiraClientSource, query: { connectionId: string; jql: string }): Promise<void> {
  let count: number;
  try {
    const { client } = await clients.clientFor(query.connectionId);
    count = await client.approximateCount(query.jql);
  } catch (error) {
    if (isJiraError(error) && error.code === 'jql_invalid') {
      const messages = error.jiraMessages.length > 0 ? error.jiraMessages : [error.message];
      throw new ValidationError(messages.map((message) => ({ field: 'jql', message })));
    }
    return;
  }
  await assertWithinLinkCap(db, count);
}
