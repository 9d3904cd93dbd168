/**
 * Tests a Jira connection the way the admin page's "Next" and "Test" buttons need: is the URL one
 * Pacer may call, does Jira answer serverInfo, and does it accept the credentials (myself)? The
 * answer is either what Jira said about the site and the user, or a failure in plain words with the
 * field to correct. Nothing here stores or logs anything, and no message ever contains the secret.
 */
import {
  assertSafeJiraUrl,
  createJiraClient,
  isJiraError,
  UnsafeJiraUrlError,
  type JiraAuth,
  type JiraDeployment,
  type JiraError,
} from '../../integrations/jira/index';
import type { JiraAuthType, JiraIdentity } from '../db/repositories/jira-connections-repository';
import type { FieldProblem } from '../errors';

export interface JiraConnectionCandidate {
  url: string;
  authType: JiraAuthType;
  username: string;
  secret: string;
}

export type JiraCheckFailureCode = `jira_${JiraError['code']}` | 'url_refused';

export type JiraCheckResult =
  | { ok: true; url: string; identity: JiraIdentity }
  | { ok: false; code: JiraCheckFailureCode; message: string; fields: FieldProblem[] };

/**
 * A person is waiting on the other side of the button, so a test gives up sooner than a sync:
 * one retry at most, and never more than about 20 seconds in all.
 */
const CHECK_TIMEOUT_MS = 10_000;
const CHECK_RETRY = { maxAttempts: 2, baseDelayMs: 1_000, maxTotalMs: 20_000 };

function authFor(candidate: JiraConnectionCandidate): JiraAuth {
  return candidate.authType === 'bearer'
    ? { type: 'bearer', token: candidate.secret }
    : { type: 'basic', username: candidate.username, secret: candidate.secret };
}

/** Which form fields a failure points at, so the dialog can highlight them. */
function fieldsFor(code: JiraError['code'], candidate: JiraConnectionCandidate, message: string): FieldProblem[] {
  switch (code) {
    case 'auth_failed':
      return candidate.authType === 'basic'
        ? [
            { field: 'username', message },
            { field: 'secret', message },
          ]
        : [{ field: 'secret', message }];
    case 'forbidden':
      return [{ field: candidate.authType === 'basic' ? 'username' : 'secret', message }];
    case 'not_found':
    case 'bad_response':
    case 'unreachable':
    case 'timeout':
      return [{ field: 'url', message }];
    default:
      return [];
  }
}

/** Jira Cloud sites live under these domains; anything else may be either deployment. */
function deploymentFromHost(url: string): JiraDeployment | null {
  const host = new URL(url).hostname.toLowerCase();
  return host.endsWith('.atlassian.net') || host.endsWith('.jira.com') ? 'cloud' : null;
}

/**
 * Sharper wording where we know more than the client does: the auth type, and the deployment
 * (from serverInfo, or the host name when Jira refused even serverInfo to bad credentials).
 */
function explain(error: JiraError, candidate: JiraConnectionCandidate, knownDeployment: JiraDeployment | null, url: string): string {
  if (error.code === 'auth_failed') {
    const deployment = knownDeployment ?? deploymentFromHost(url);
    if (candidate.authType === 'bearer' && deployment === 'cloud') {
      return 'Jira Cloud does not accept personal access tokens here. Choose "password or API token", and enter your Atlassian account email and an API token.';
    }
    if (candidate.authType === 'bearer' && deployment === 'datacenter') {
      return 'Jira rejected the personal access token: it may be mistyped, expired or revoked. Create a new token in Jira (Profile > Personal Access Tokens) and enter it again.';
    }
    if (candidate.authType === 'bearer') {
      // Jira refused even serverInfo, so which deployment this is stays unknown: cover both.
      return 'Jira rejected the personal access token. On Jira Data Center it may be mistyped, expired or revoked: create a new one (Profile > Personal Access Tokens). Jira Cloud does not accept personal access tokens: choose "password or API token" and enter your email and an API token.';
    }
    if (deployment === 'cloud') {
      return 'Jira rejected the email address or API token. On Jira Cloud, enter your Atlassian account email and an API token (not your password); create one at id.atlassian.com > Security > API tokens.';
    }
    if (deployment === 'datacenter') {
      return 'Jira rejected the username or password. Check both (the username, not the email, on Jira Data Center) and try again.';
    }
    return 'Jira rejected the username and password or token. On Jira Cloud, enter your account email and an API token; on Jira Data Center, your username and password. Check them and try again.';
  }
  if (error.code === 'not_found' && error.endpoint?.endsWith('/serverInfo')) {
    return `${url} answered, but it is not a Jira site (it has no Jira REST API). Enter the address you open Jira at, for example https://your-company.atlassian.net or https://jira.example.com.`;
  }
  return error.message;
}

function failure(code: JiraCheckFailureCode, message: string, fields: FieldProblem[]): JiraCheckResult {
  return { ok: false, code, message, fields };
}

/** Jira's words for a scope JQL it rejected, as the problem on the scopeJql field. */
function scopeRejected(error: JiraError): JiraCheckResult {
  const reasons = error.jiraMessages.length > 0 ? error.jiraMessages.join(' ') : error.message;
  const message = `Jira rejected the scope JQL: ${reasons} Correct it (for example project in (AE, OPS)) or leave it empty.`;
  return failure('jira_jql_invalid', message, [{ field: 'scopeJql', message }]);
}

/** `scopeJql`, when given, must be a query Jira accepts (one count request) for the check to pass. */
export async function checkJiraConnection(
  candidate: JiraConnectionCandidate,
  options: { allowLinkLocal: boolean; scopeJql?: string | null },
): Promise<JiraCheckResult> {
  let url: string;
  try {
    url = await assertSafeJiraUrl(candidate.url, { allowLinkLocal: options.allowLinkLocal });
  } catch (error) {
    if (error instanceof UnsafeJiraUrlError) return failure('url_refused', error.message, [{ field: 'url', message: error.message }]);
    if (isJiraError(error)) return failure(`jira_${error.code}`, error.message, [{ field: 'url', message: error.message }]);
    throw error;
  }

  let deployment: JiraDeployment | null = null;
  try {
    const client = createJiraClient({
      baseUrl: url,
      auth: authFor(candidate),
      allowLinkLocal: options.allowLinkLocal,
      timeoutMs: CHECK_TIMEOUT_MS,
      retry: CHECK_RETRY,
    });
    deployment = (await client.serverInfo()).deploymentType;
    const user = await client.myself();
    if (options.scopeJql) {
      try {
        await client.approximateCount(options.scopeJql);
      } catch (error) {
        if (isJiraError(error) && error.code === 'jql_invalid') return scopeRejected(error);
        throw error;
      }
    }
    return {
      ok: true,
      url,
      identity: {
        deploymentType: deployment,
        jiraUserName: user.displayName,
        // The identity Jira uses for this user: accountId on Cloud, the username on Data Center.
        jiraAccountId: (deployment === 'cloud' ? user.accountId : (user.name ?? user.key)) ?? null,
      },
    };
  } catch (error) {
    if (!isJiraError(error)) throw error;
    const message = explain(error, candidate, deployment, url);
    return failure(`jira_${error.code}`, message, fieldsFor(error.code, candidate, message));
  }
}
