/**
 * Jira clients for syncing, one per connection per sync batch (a round, a refresh, a save), so all
 * links of a connection in a batch share its concurrency cap and quota pause. Requests are counted
 * per piece of work with AsyncLocalStorage: several queries run at once on one client, and each
 * run record must say how many requests *its* query made.
 *
 * A source has a purpose, `sync` (the default: rounds, webhook follow-ups) or `interactive` (a
 * person waits: preview, save, refresh), which picks the share of the connection's request slots
 * its clients use. Routes mark their work interactive with `withJiraPurpose`, so the services they
 * call need not pass it down.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import { createJiraClient, type JiraClient, type JiraClientOptions, type JiraRequestPurpose } from '../../../integrations/jira/index';
import { findJiraConnection, type JiraConnectionRecord } from '../../db/repositories/jira-connections-repository';
import type { Database } from '../../db/schema';
import { decryptSecret, SecretUnreadableError } from '../../secrets/secret-box';
import { jiraRequests } from '../../metrics';
import { getJiraIntegrationSettings } from '../integrations-service';
import { SECRET_UNREADABLE_CODE, SECRET_UNREADABLE_MESSAGE } from '../jira-connection-presenter';
import { jiraRequestLimitsOf } from './jira-request-limits';

/** Client settings a caller may override (tests shorten retries; the bench counts requests). */
export type SyncClientOptions = Pick<JiraClientOptions, 'maxInFlight' | 'timeoutMs' | 'retry' | 'fetchImpl' | 'sleep'>;

export const DISCONNECTED_CODE = 'disconnected';
export const DISCONNECTED_MESSAGE =
  'The Jira connection this link used was deleted, so it no longer syncs; its last values are kept. Link it to another connection, or unlink it to update it by hand.';

/** A connection that cannot be used at all: deleted, or its secret can no longer be decrypted. */
export class ConnectionUnavailableError extends Error {
  constructor(
    readonly code: typeof DISCONNECTED_CODE | typeof SECRET_UNREADABLE_CODE,
    message: string,
  ) {
    super(message);
    this.name = 'ConnectionUnavailableError';
  }
}

const requestTally = new AsyncLocalStorage<{ count: number }>();
const purposeOfWork = new AsyncLocalStorage<JiraRequestPurpose>();

/** Runs `work` with `purpose` as the default of every Jira client source it creates. */
export function withJiraPurpose<T>(purpose: JiraRequestPurpose, work: () => Promise<T>): Promise<T> {
  return purposeOfWork.run(purpose, work);
}

/** The purpose of the surrounding work: `sync` unless a withJiraPurpose says otherwise. */
export function currentJiraPurpose(): JiraRequestPurpose {
  return purposeOfWork.getStore() ?? 'sync';
}

/** Runs `work` and answers how many HTTP requests to Jira it made (retries included). */
export async function countJiraRequests<T>(work: () => Promise<T>): Promise<{ result: T; requests: number }> {
  const tally = { count: 0 };
  const result = await requestTally.run(tally, work);
  return { result, requests: tally.count };
}

/** The requests made so far by the surrounding countJiraRequests, e.g. when it ends in an error. */
export function currentRequestCount(): number {
  return requestTally.getStore()?.count ?? 0;
}

export interface JiraClientSource {
  /** The connection's client (the same one for the life of this source); throws ConnectionUnavailableError. */
  clientFor(connectionId: string): Promise<{ client: JiraClient; connection: JiraConnectionRecord }>;
}

export interface ClientSourceDeps {
  db: Kysely<Database>;
  secretKey: Buffer;
  clientOptions?: SyncClientOptions | undefined;
  /** Whose share of the connection's request slots the clients use; default: the surrounding withJiraPurpose, else `sync`. */
  purpose?: JiraRequestPurpose | undefined;
}

function authOf(connection: JiraConnectionRecord, secret: string): JiraClientOptions['auth'] {
  return connection.authType === 'bearer' ? { type: 'bearer', token: secret } : { type: 'basic', username: connection.username, secret };
}

/** A fresh source: clients made on first use and kept for this batch of work only. */
export function createJiraClientSource(deps: ClientSourceDeps): JiraClientSource {
  const clients = new Map<string, Promise<{ client: JiraClient; connection: JiraConnectionRecord }>>();
  let allowLinkLocal: Promise<boolean> | undefined;
  const purpose = deps.purpose ?? currentJiraPurpose();

  const open = async (connectionId: string): Promise<{ client: JiraClient; connection: JiraConnectionRecord }> => {
    const connection = await findJiraConnection(deps.db, connectionId);
    if (!connection) throw new ConnectionUnavailableError(DISCONNECTED_CODE, DISCONNECTED_MESSAGE);
    let secret: string;
    try {
      secret = decryptSecret(connection.secretCiphertext, deps.secretKey);
    } catch (error) {
      if (error instanceof SecretUnreadableError) throw new ConnectionUnavailableError(SECRET_UNREADABLE_CODE, SECRET_UNREADABLE_MESSAGE);
      throw error;
    }
    allowLinkLocal ??= getJiraIntegrationSettings(deps.db).then((settings) => settings.allowLinkLocal);
    // The process's limits for this connection (shared by every process on PostgreSQL), if main.ts set them.
    const limiter = jiraRequestLimitsOf(deps.db)?.limiterFor(connection.id, purpose);
    const client = createJiraClient({
      baseUrl: connection.url,
      auth: authOf(connection, secret),
      // Stored with the connection when it was tested: no serverInfo call per sync.
      deploymentType: connection.deploymentType,
      allowLinkLocal: await allowLinkLocal,
      ...(limiter ? { limiter } : {}),
      ...deps.clientOptions,
      onRequest: (info) => {
        const tally = requestTally.getStore();
        if (tally) tally.count += 1;
        jiraRequests.inc({ status: info.status === undefined ? info.outcome : String(info.status) });
      },
    });
    return { client, connection };
  };

  return {
    clientFor(connectionId) {
      let opened = clients.get(connectionId);
      if (!opened) {
        opened = open(connectionId);
        // A failed open is not cached: the next link may find the problem fixed.
        opened.catch(() => clients.delete(connectionId));
        clients.set(connectionId, opened);
      }
      return opened;
    },
  };
}
