/**
 * Pacer's Jira client, on Node's global fetch. One client per Jira connection: it owns that
 * connection's concurrency cap and quota pause. The deployment type (Cloud or Data Center) is read
 * once from serverInfo and decides the search API: Cloud's token-paged `/rest/api/3/search/jql`
 * or Data Center's offset-paged `/rest/api/2/search`.
 */
import { JiraError } from './errors';
import { findStoryPointsField, findStoryPointsFields, isNumericField, normaliseField, type JiraField } from './fields';
import { JiraTransport, type JiraRequestInfo } from './http';
import type { RequestLimiter } from './limiter';
import {
  CLOUD_SEARCH_PATH,
  cloudSnapshot,
  cloudSnapshotPages,
  collectSearch,
  DATA_CENTER_SEARCH_PATH,
  keepIssue,
  searchCloudPages,
  searchDataCenterPages,
  type CollectedSearch,
  type SearchOptions,
  type SearchPage,
  type SelectIssue,
} from './paging';
import { DEFAULT_RETRY_POLICY, realSleep, type RetryPolicy } from './retry';
import {
  approximateCountSchema,
  dataCenterSearchPageSchema,
  fieldListSchema,
  myselfSchema,
  serverInfoSchema,
  type JiraIssue,
} from './schemas';
import { createSafeFetch, type AddressResolver } from './safe-fetch';
import { assertSafeJiraUrl, normaliseJiraUrl } from './url-safety';
import { registerWebhookIn, type WebhookRegistration } from './webhooks';

export type JiraDeployment = 'cloud' | 'datacenter';

export type JiraAuth = { type: 'basic'; username: string; secret: string } | { type: 'bearer'; token: string };

export interface JiraClientOptions {
  baseUrl: string;
  auth: JiraAuth;
  /** Skip detection when the caller already knows it (e.g. stored with the connection). */
  deploymentType?: JiraDeployment;
  /** Requests in flight at once for this connection. Default 4. */
  maxInFlight?: number;
  /** Who decides when a request may go (replaces maxInFlight): e.g. a limit shared by every process. */
  limiter?: RequestLimiter;
  /** Per-request timeout, body included. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRequest?: (info: JiraRequestInfo) => void;
  /** Admin setting: allow link-local / metadata addresses. */
  allowLinkLocal?: boolean;
  /** Resolves the Jira host for the address checks (tests); the operating system's by default. */
  resolveHost?: AddressResolver;
  fetchImpl?: typeof fetch;
  /** Injectable clock and sleep so tests can measure requested waits without waiting. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface JiraServerInfo {
  deploymentType: JiraDeployment;
  version: string;
  baseUrl: string;
  serverTitle: string | undefined;
}

export interface JiraUser {
  /** Cloud identity. */
  accountId: string | undefined;
  /** Data Center username (and `key`). */
  name: string | undefined;
  key: string | undefined;
  displayName: string;
  emailAddress: string | undefined;
}

export type JqlValidation = { valid: true; count: number } | { valid: false; messages: string[] };

export interface JiraClient {
  readonly baseUrl: string;
  deploymentType(): Promise<JiraDeployment>;
  serverInfo(): Promise<JiraServerInfo>;
  myself(): Promise<JiraUser>;
  /** Every field of the site (cached for the client's life). */
  fields(): Promise<JiraField[]>;
  numericFields(): Promise<JiraField[]>;
  findStoryPointsField(): Promise<JiraField | undefined>;
  findStoryPointsFields(): Promise<JiraField[]>;
  search(options: SearchOptions): AsyncIterable<SearchPage>;
  /** The same pages with each issue as `select` makes it, as soon as its page is read (Jira's raw page is not held). */
  search<T>(options: SearchOptions, select: SelectIssue<T>): AsyncIterable<SearchPage<T>>;
  /**
   * Pages of a search taken from a snapshot where the deployment has one: on Cloud the matching ids
   * first, then the issues by id (pages cannot shift while they are read); on Data Center the same
   * as `search`. For a walk again after `search` saw results shift.
   */
  snapshotSearch(options: SearchOptions): AsyncIterable<SearchPage>;
  snapshotSearch<T>(options: SearchOptions, select: SelectIssue<T>): AsyncIterable<SearchPage<T>>;
  /** Every issue of a search, each once; see `collectSearch` for how shifting results are handled. */
  searchAll(options: SearchOptions): Promise<JiraIssue[]>;
  /** Like searchAll, and says whether the walk was consistent and how many walks it took. */
  collectSearch(options: SearchOptions): Promise<CollectedSearch>;
  /** Cloud: Jira's approximate count; Data Center: the exact total of a zero-size search. */
  approximateCount(jql: string): Promise<number>;
  /** Asks Jira to run the query; a rejected query answers Jira's own messages instead of throwing. */
  validateJql(jql: string): Promise<JqlValidation>;
  /**
   * Creates a webhook in Jira (needs a Jira administrator) and answers the API path that took it;
   * Data Center falls back from Jira 10's API to the old one. Never retried (see webhooks.ts).
   */
  registerWebhook(webhook: WebhookRegistration): Promise<{ endpoint: string }>;
  /** Epoch ms until which a quota limit pauses this client, if it is paused now. */
  pausedUntil(): number | undefined;
}

function authorizationHeader(auth: JiraAuth): string {
  const credential = auth.type === 'basic' ? `${auth.username}:${auth.secret}` : auth.token;
  // A line break would let a credential smuggle extra headers; fetch rejects it with a message that echoes it.
  if (/[\r\n]/.test(credential)) {
    throw new JiraError('auth_failed', 'The username or token contains a line break. Enter them again without one.');
  }
  return auth.type === 'basic' ? `Basic ${Buffer.from(credential, 'utf8').toString('base64')}` : `Bearer ${auth.token}`;
}

export function normaliseDeploymentType(value: string): JiraDeployment | undefined {
  const compact = value.replace(/[\s_-]/g, '').toLowerCase();
  if (compact === 'cloud') return 'cloud';
  if (compact === 'server' || compact === 'datacenter') return 'datacenter';
  return undefined;
}

const SERVER_INFO_PATH = '/rest/api/2/serverInfo';

export function createJiraClient(options: JiraClientOptions): JiraClient {
  const baseUrl = normaliseJiraUrl(options.baseUrl);
  const now = options.now ?? Date.now;
  const transport = new JiraTransport({
    baseUrl,
    authorization: authorizationHeader(options.auth),
    maxInFlight: options.maxInFlight ?? 4,
    ...(options.limiter ? { limiter: options.limiter } : {}),
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    // Unless an admin allowed link-local addresses, every connection checks the address it dials (DNS rebinding).
    fetchImpl: options.fetchImpl ?? (options.allowLinkLocal ? globalThis.fetch : createSafeFetch(options.resolveHost)),
    sleep: options.sleep ?? realSleep,
    now,
    random: options.random ?? Math.random,
  });

  // The address check resolves DNS; do it once per client, before its first request.
  let urlChecked: Promise<string> | undefined;
  const ready = async (): Promise<void> => {
    urlChecked ??= assertSafeJiraUrl(baseUrl, { allowLinkLocal: options.allowLinkLocal ?? false, ...(options.resolveHost ? { lookup: options.resolveHost } : {}) });
    try {
      await urlChecked;
    } catch (error) {
      urlChecked = undefined; // a DNS hiccup should not poison the client forever
      throw error;
    }
  };

  let deployment: Promise<JiraDeployment> | undefined = options.deploymentType
    ? Promise.resolve(options.deploymentType)
    : undefined;
  let fieldCache: Promise<JiraField[]> | undefined;

  const serverInfo = async (): Promise<JiraServerInfo> => {
    await ready();
    const body = await transport.request({ method: 'GET', path: SERVER_INFO_PATH, schema: serverInfoSchema, idempotent: true });
    const deploymentType = normaliseDeploymentType(body.deploymentType);
    if (deploymentType === undefined) {
      throw new JiraError(
        'bad_response',
        `Jira reported an unknown deployment type on GET ${SERVER_INFO_PATH}; Pacer supports Jira Cloud and Jira Data Center.`,
        { endpoint: `GET ${SERVER_INFO_PATH}`, status: 200 },
      );
    }
    deployment ??= Promise.resolve(deploymentType);
    return { deploymentType, version: body.version, baseUrl: body.baseUrl, serverTitle: body.serverTitle };
  };

  const deploymentType = (): Promise<JiraDeployment> => {
    if (!deployment) {
      const detecting = serverInfo().then((info) => info.deploymentType);
      // Forget a failed detection so the next call tries again.
      deployment = detecting.catch((error: unknown) => {
        deployment = undefined;
        throw error;
      });
    }
    return deployment;
  };

  /** Cloud's current API is v3; Data Center only has v2. Both answer the same shapes here. */
  const apiBase = async (): Promise<string> => ((await deploymentType()) === 'cloud' ? '/rest/api/3' : '/rest/api/2');

  const fields = (): Promise<JiraField[]> => {
    fieldCache ??= (async () => {
      await ready();
      const body = await transport.request({
        method: 'GET',
        path: `${await apiBase()}/field`,
        schema: fieldListSchema,
        idempotent: true,
      });
      return body.map(normaliseField);
    })().catch((error: unknown) => {
      fieldCache = undefined;
      throw error;
    });
    return fieldCache;
  };

  function search(searchOptions: SearchOptions): AsyncGenerator<SearchPage>;
  function search<T>(searchOptions: SearchOptions, select: SelectIssue<T>): AsyncGenerator<SearchPage<T>>;
  async function* search<T>(searchOptions: SearchOptions, select?: SelectIssue<T>): AsyncGenerator<SearchPage<T | JiraIssue>> {
    await ready();
    const choose: SelectIssue<T | JiraIssue> = select ?? keepIssue;
    yield* (await deploymentType()) === 'cloud' ? searchCloudPages(transport, searchOptions, choose) : searchDataCenterPages(transport, searchOptions, choose);
  }

  function snapshotSearch(searchOptions: SearchOptions): AsyncGenerator<SearchPage>;
  function snapshotSearch<T>(searchOptions: SearchOptions, select: SelectIssue<T>): AsyncGenerator<SearchPage<T>>;
  async function* snapshotSearch<T>(searchOptions: SearchOptions, select?: SelectIssue<T>): AsyncGenerator<SearchPage<T | JiraIssue>> {
    await ready();
    const choose: SelectIssue<T | JiraIssue> = select ?? keepIssue;
    yield* (await deploymentType()) === 'cloud' ? cloudSnapshotPages(transport, searchOptions, choose) : searchDataCenterPages(transport, searchOptions, choose);
  }

  const collectAll = async (searchOptions: SearchOptions): Promise<CollectedSearch> => {
    await ready();
    const cloud = (await deploymentType()) === 'cloud';
    return collectSearch(
      { walk: search, ...(cloud ? { snapshot: (o: SearchOptions) => cloudSnapshot(transport, o) } : {}) },
      searchOptions,
    );
  };

  const approximateCount = async (jql: string): Promise<number> => {
    await ready();
    if ((await deploymentType()) === 'cloud') {
      const body = await transport.request({
        method: 'POST',
        path: '/rest/api/3/search/approximate-count',
        body: { jql },
        schema: approximateCountSchema,
        idempotent: true,
        kind: 'search',
      });
      return body.count;
    }
    const page = await transport.request({
      method: 'POST',
      path: DATA_CENTER_SEARCH_PATH,
      body: { jql, startAt: 0, maxResults: 0, fields: ['id'] },
      schema: dataCenterSearchPageSchema,
      idempotent: true,
      kind: 'search',
    });
    return page.total;
  };

  return {
    baseUrl,
    deploymentType,
    serverInfo,
    async myself() {
      await ready();
      const body = await transport.request({
        method: 'GET',
        path: `${await apiBase()}/myself`,
        schema: myselfSchema,
        idempotent: true,
      });
      return {
        accountId: body.accountId,
        name: body.name,
        key: body.key,
        displayName: body.displayName,
        emailAddress: body.emailAddress,
      };
    },
    fields,
    numericFields: async () => (await fields()).filter(isNumericField),
    findStoryPointsField: async () => findStoryPointsField(await fields()),
    findStoryPointsFields: async () => findStoryPointsFields(await fields()),
    search,
    snapshotSearch,
    searchAll: async (searchOptions) => (await collectAll(searchOptions)).issues,
    collectSearch: collectAll,
    approximateCount,
    async validateJql(jql) {
      try {
        return { valid: true, count: await approximateCount(jql) };
      } catch (error) {
        if (error instanceof JiraError && error.code === 'jql_invalid') return { valid: false, messages: error.jiraMessages };
        throw error;
      }
    },
    async registerWebhook(webhook) {
      await ready();
      return registerWebhookIn(transport, await deploymentType(), webhook);
    },
    pausedUntil: () => transport.pausedUntilMs,
  };
}

export { CLOUD_SEARCH_PATH, DATA_CENTER_SEARCH_PATH };
