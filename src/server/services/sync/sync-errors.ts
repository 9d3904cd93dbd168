/**
 * Sync failures in one place: any error a sync meets becomes one of the small set of codes a link
 * shows, in words a person can act on. Jira's own errors keep their code and message; a lost lease
 * and results that would not hold still are the engine's own.
 */
import { isJiraError, JiraError } from '../../../integrations/jira/index';
import { ConnectionUnavailableError, DISCONNECTED_CODE, DISCONNECTED_MESSAGE } from './jira-clients';

export interface SyncError {
  code: string;
  message: string;
  /** Jira's own messages, e.g. why it rejected the JQL. */
  jiraMessages: string[];
}

/** Any failure as the small set of codes a link shows, in words a person can act on. */
export function toSyncError(error: unknown): SyncError {
  if (isJiraError(error)) {
    const message =
      error.code === 'jql_invalid' && error.jiraMessages.length > 0
        ? `Jira could not run this JQL query: ${error.jiraMessages.join(' ')} Correct the query and save the link again.`
        : error.message;
    return { code: error.code, message, jiraMessages: error.jiraMessages };
  }
  if (error instanceof ConnectionUnavailableError) return { code: error.code, message: error.message, jiraMessages: [] };
  return {
    code: 'internal',
    message: 'Pacer hit an unexpected problem while syncing this link. It will try again at the next sync; if it keeps failing, check the server log.',
    jiraMessages: [],
  };
}

/** A link whose connection was deleted: nothing to ask Jira. */
export function disconnectedError(): SyncError {
  return toSyncError(new ConnectionUnavailableError(DISCONNECTED_CODE, DISCONNECTED_MESSAGE));
}

/**
 * Results that kept shifting between pages on every walk may count an issue twice or miss one:
 * the links keep their last good values rather than show a number that could be wrong.
 */
export function resultsKeptShiftingError(walks: number): JiraError {
  return new JiraError(
    'bad_response',
    `Jira's results for this query kept changing while Pacer read them page by page (${walks} attempts), so they could not be counted reliably. The last good values are kept; Pacer tries again at the next sync.`,
  );
}

/** Thrown inside a commit when another sync or an edit took the link over: the transaction rolls back. */
export class LeaseLostError extends Error {
  constructor(linkId: string) {
    super(`Link ${linkId} is being synced by another process or was edited; this sync's result was discarded.`);
    this.name = 'LeaseLostError';
  }
}
