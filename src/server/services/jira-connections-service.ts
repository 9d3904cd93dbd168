/**
 * Named connections to Jira sites. A connection is saved only after Jira accepted it (serverInfo +
 * myself), so every saved connection worked at least once. Changing where or as whom it connects
 * re-tests before saving; a rename does not. A scope JQL is asked of Jira before it is saved, and a
 * changed one makes the connection's links due, so the next sync round runs them within it.
 * The password or token is encrypted before it reaches
 * the repository and decrypted only to talk to Jira: no view, error or log line carries it.
 */
import type { Kysely } from 'kysely';
import { normaliseJiraUrl, UnsafeJiraUrlError } from '../../integrations/jira/index';
import { isSelfContainedJql, splitOrderBy } from '../../integrations/jira/jql-scope';
import { isUniqueViolation } from '../db/database';
import {
  countLinkedItems,
  deleteJiraConnection,
  findJiraConnection,
  findJiraConnectionByName,
  insertJiraConnection,
  listJiraConnectionNames,
  listJiraConnections,
  makeConnectionLinksDue,
  recordJiraConnectionCheck,
  updateJiraConnection,
  type JiraAuthType,
  type JiraConnectionChanges,
  type JiraConnectionRecord,
  type JiraIdentity,
  type JiraLinkAccess,
} from '../db/repositories/jira-connections-repository';
import type { Database } from '../db/schema';
import { ConflictError, JiraConnectionRejectedError, NotFoundError, ValidationError } from '../errors';
import { decryptSecret, encryptSecret, SecretUnreadableError } from '../secrets/secret-box';
import { checkJiraConnection, type JiraCheckResult, type JiraConnectionCandidate } from './jira-connection-check';
import {
  presentJiraConnection,
  SECRET_UNREADABLE_CODE,
  SECRET_UNREADABLE_MESSAGE,
  type JiraConnectionSummary,
  type JiraConnectionView,
} from './jira-connection-presenter';
import { getJiraIntegrationSettings } from './integrations-service';

export interface JiraConnectionDeps {
  db: Kysely<Database>;
  secretKey: Buffer;
}

export interface NewConnectionInput {
  name: string;
  url: string;
  username?: string | undefined;
  secret: string;
  authType?: JiraAuthType | undefined;
  /** ANDed onto every preview, link and sync of the connection; blank or null: no scope. */
  scopeJql?: string | null | undefined;
  linkAccess?: JiraLinkAccess | undefined;
}

export type ConnectionChangesInput = Partial<NewConnectionInput>;

/** The URL as it would be stored, so "https://jira/" and "https://jira" are no change; bad URLs stay as typed for the check to refuse. */
function comparableUrl(url: string): string {
  try {
    return normaliseJiraUrl(url);
  } catch (error) {
    if (error instanceof UnsafeJiraUrlError) return url;
    throw error;
  }
}

/** The plaintext secret, or null when the key that encrypted it is gone. */
function readSecret(record: JiraConnectionRecord, key: Buffer): string | null {
  try {
    return decryptSecret(record.secretCiphertext, key);
  } catch (error) {
    if (error instanceof SecretUnreadableError) return null;
    throw error;
  }
}

async function view(deps: JiraConnectionDeps, record: JiraConnectionRecord): Promise<JiraConnectionView> {
  return presentJiraConnection(record, {
    linkedItems: await countLinkedItems(deps.db, record.id),
    secretReadable: readSecret(record, deps.secretKey) !== null,
  });
}

/** Throws 404 not_found naming the connection when it does not exist (e.g. deleted meanwhile). */
export async function requireConnection(db: Kysely<Database>, id: string): Promise<JiraConnectionRecord> {
  const record = await findJiraConnection(db, id);
  if (!record) throw new NotFoundError(`Jira connection ${id}`);
  return record;
}

function duplicateName(name: string): ConflictError {
  const message = `A Jira connection named "${name}" already exists; choose another name.`;
  return new ConflictError(message, [{ field: 'name', message: 'is already used by another connection' }]);
}

async function assertNameFree(db: Kysely<Database>, name: string, exceptId?: string): Promise<void> {
  const clash = await findJiraConnectionByName(db, name, exceptId);
  if (clash) throw duplicateName(clash.name);
}

/** Basic auth needs a username (the email on Cloud); a personal access token does not. */
function assertUsernameFits(authType: JiraAuthType, username: string): void {
  if (authType === 'basic' && username === '') {
    throw ValidationError.field(
      'username',
      'is required with a password or API token: enter your email (Jira Cloud) or username (Jira Data Center)',
    );
  }
}

/** Turns a failed check into the API error: a refused URL is bad input (400), Jira saying no is 422. */
function rejection(result: Extract<JiraCheckResult, { ok: false }>): Error {
  if (result.code === 'url_refused') return new ValidationError(result.fields);
  return new JiraConnectionRejectedError(result.code, result.message, result.fields);
}

/**
 * The scope as stored: null when blank. It is ANDed in parentheses before the person's query, so it
 * must stand on its own and must not order (ORDER BY belongs to the person's query, at the end).
 */
function normaliseScope(scopeJql: string | null | undefined): string | null {
  const scope = scopeJql?.trim() ?? '';
  if (scope === '') return null;
  if (!isSelfContainedJql(scope)) {
    throw ValidationError.field('scopeJql', 'has a quote or parenthesis that is not closed; close it, for example project in (AE, OPS)');
  }
  if (splitOrderBy(scope).orderBy !== '') {
    throw ValidationError.field('scopeJql', 'must not have an ORDER BY: it only limits which issues links may see; remove the ORDER BY part');
  }
  return scope;
}

async function checkCandidate(db: Kysely<Database>, candidate: JiraConnectionCandidate, scopeJql: string | null = null) {
  const { allowLinkLocal } = await getJiraIntegrationSettings(db);
  const result = await checkJiraConnection(candidate, { allowLinkLocal, scopeJql });
  if (!result.ok) throw rejection(result);
  return result;
}

/** Admins see every connection in full; members only names, and nothing while Jira is disabled. */
export async function listConnectionsFor(
  deps: JiraConnectionDeps,
  caller: { isAdmin: boolean },
): Promise<JiraConnectionView[] | JiraConnectionSummary[]> {
  if (caller.isAdmin) {
    const records = await listJiraConnections(deps.db);
    return Promise.all(records.map((record) => view(deps, record)));
  }
  if (!(await getJiraIntegrationSettings(deps.db)).enabled) return [];
  return listJiraConnectionNames(deps.db);
}

export async function createConnection(deps: JiraConnectionDeps, input: NewConnectionInput, now: Date): Promise<JiraConnectionView> {
  const authType = input.authType ?? 'basic';
  const username = input.username ?? '';
  assertUsernameFits(authType, username);
  const scopeJql = normaliseScope(input.scopeJql);
  await assertNameFree(deps.db, input.name);
  const checked = await checkCandidate(deps.db, { url: input.url, authType, username, secret: input.secret }, scopeJql);
  try {
    const record = await insertJiraConnection(
      deps.db,
      {
        name: input.name,
        url: checked.url,
        username,
        authType,
        secretCiphertext: encryptSecret(input.secret, deps.secretKey),
        scopeJql,
        linkAccess: input.linkAccess ?? 'everyone',
      },
      checked.identity,
      now.toISOString(),
    );
    return view(deps, record);
  } catch (error) {
    // Someone saved the same name while Jira was being asked.
    if (isUniqueViolation(error)) throw duplicateName(input.name);
    throw error;
  }
}

export async function changeConnection(
  deps: JiraConnectionDeps,
  id: string,
  input: ConnectionChangesInput,
  now: Date,
): Promise<JiraConnectionView> {
  const current = await requireConnection(deps.db, id);
  const changes: JiraConnectionChanges = {};
  if (input.name !== undefined && input.name !== current.name) {
    await assertNameFree(deps.db, input.name, id);
    changes.name = input.name;
  }
  const scopeJql = input.scopeJql === undefined ? current.scopeJql : normaliseScope(input.scopeJql);
  const scopeChanged = scopeJql !== current.scopeJql;
  if (scopeChanged) changes.scopeJql = scopeJql;
  if (input.linkAccess !== undefined && input.linkAccess !== current.linkAccess) changes.linkAccess = input.linkAccess;

  const candidate = {
    url: input.url === undefined ? current.url : comparableUrl(input.url),
    authType: input.authType ?? current.authType,
    username: input.username ?? current.username,
  };
  // A blank secret means "keep the stored one" (the form never shows it, so it arrives empty).
  const newSecret = input.secret !== undefined && input.secret.trim() !== '' ? input.secret : null;
  // The stored secret only ever goes where it was entered for: otherwise an admin could read it
  // back by pointing the connection at a server of theirs (or by switching how it is sent).
  const movesSecret = candidate.url !== current.url || candidate.authType !== current.authType || candidate.username !== current.username;
  if (movesSecret && newSecret === null) {
    throw ValidationError.field(
      'secret',
      'must be entered again when the URL, username or sign-in method changes, so the stored secret is never sent anywhere new; enter the password or token for the new settings',
    );
  }
  // A new scope is asked of Jira before it is saved (with the stored secret when none was entered).
  const reconnects =
    (scopeChanged && scopeJql !== null) ||
    newSecret !== null ||
    candidate.url !== current.url ||
    candidate.authType !== current.authType ||
    candidate.username !== current.username;

  let identity: JiraIdentity | null = null;
  if (reconnects) {
    assertUsernameFits(candidate.authType, candidate.username);
    const secret = newSecret ?? readSecret(current, deps.secretKey);
    if (secret === null) {
      throw new JiraConnectionRejectedError(SECRET_UNREADABLE_CODE, SECRET_UNREADABLE_MESSAGE, [
        { field: 'secret', message: 'must be entered again: the stored one can no longer be read' },
      ]);
    }
    const checked = await checkCandidate(deps.db, { ...candidate, secret }, scopeJql);
    identity = checked.identity;
    Object.assign(changes, { url: checked.url, authType: candidate.authType, username: candidate.username });
    if (newSecret !== null) changes.secretCiphertext = encryptSecret(newSecret, deps.secretKey);
  }

  if (Object.keys(changes).length > 0) {
    try {
      await deps.db.transaction().execute(async (trx) => {
        await updateJiraConnection(trx, id, changes, identity, now.toISOString());
        // Links keep their values until then; their next sync asks Jira within the new scope.
        if (scopeChanged) await makeConnectionLinksDue(trx, id, now.toISOString());
      });
    } catch (error) {
      if (isUniqueViolation(error) && changes.name !== undefined) throw duplicateName(changes.name);
      throw error;
    }
  }
  return view(deps, await requireConnection(deps.db, id));
}

/** Asks Jira again and records the outcome as the connection's health; never throws for Jira's answer. */
export async function testConnection(deps: JiraConnectionDeps, id: string, now: Date): Promise<JiraConnectionView> {
  const current = await requireConnection(deps.db, id);
  const secret = readSecret(current, deps.secretKey);
  const at = now.toISOString();
  if (secret === null) {
    await recordJiraConnectionCheck(deps.db, id, { ok: false, code: SECRET_UNREADABLE_CODE, message: SECRET_UNREADABLE_MESSAGE }, at);
  } else {
    const { allowLinkLocal } = await getJiraIntegrationSettings(deps.db);
    const result = await checkJiraConnection(
      { url: current.url, authType: current.authType, username: current.username, secret },
      { allowLinkLocal },
    );
    await recordJiraConnectionCheck(deps.db, id, result.ok ? { ok: true, identity: result.identity } : result, at);
  }
  return view(deps, await requireConnection(deps.db, id));
}

export async function removeConnection(deps: JiraConnectionDeps, id: string): Promise<{ deletedLinks: number }> {
  await requireConnection(deps.db, id);
  const deletedLinks = await countLinkedItems(deps.db, id);
  await deleteJiraConnection(deps.db, id);
  return { deletedLinks };
}
