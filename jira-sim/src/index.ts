/**
 * Jira simulator: a local Jira Cloud or Data Center for tests, benchmarks and the demo.
 *
 *   const sim = await startJiraSim({ mode: 'cloud', scenario: 'demo', control: true });
 *   await fetch(`${sim.url}/rest/api/3/search/jql?jql=project%3DAE`, { headers: { Authorization } });
 *   await sim.close();
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeploymentMode, SimDataset, SimUser } from './model';
import { handleControl, type ControlTarget } from './control/control-api';
import { FaultController } from './faults/faults';
import { Authenticator } from './http/auth';
import type { InstanceSettings, SimInstance } from './http/context';
import { PageTokens } from './http/page-tokens';
import { IssueRenderer } from './http/render-issue';
import { RequestHandler } from './http/server';
import { RequestLog } from './request-log';
import { buildScenario } from './scenario-registry';
import { SearchEngine } from './store/search-engine';
import { SimStore } from './store/store';
import { Webhooks } from './webhooks/webhooks';

export interface JiraSimOptions {
  mode: DeploymentMode;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The data to serve; its `mode` is overridden by `mode`. */
  dataset?: SimDataset;
  /** A named scenario ('demo', 'empty', 'large'), used when no dataset is given. Default 'empty'. */
  scenario?: string;
  /** Options of the named scenario (large: projects, issues, seed, users). */
  scenarioOptions?: Record<string, unknown>;
  /** Enables the `/_sim/` control API. Default true. */
  control?: boolean;
  /** Seed for every random fault decision (default 1). */
  seed?: number;
  /** The Jira clock: timestamps of writes, relative dates in JQL, token expiry. */
  now?: () => Date;
  /** Time zone JQL's startOfDay() etc. use. Default UTC. */
  timeZone?: string;
  settings?: Partial<InstanceSettings>;
}

const DEFAULT_SETTINGS: InstanceSettings = {
  anonymousAccess: false,
  basicAuthDisabled: false,
  dataCenterMaxResults: 1000,
  cloudFieldsPageCap: 100,
  dataCenterVersion: '9.12.15',
};

export class JiraSim implements ControlTarget {
  readonly mode: DeploymentMode;
  readonly store: SimStore;
  readonly faults: FaultController;
  readonly requestLog = new RequestLog();
  readonly settings: InstanceSettings;
  webhooks!: Webhooks;
  url = '';
  port = 0;
  private instance!: SimInstance;
  private auth!: Authenticator;
  private handler!: RequestHandler;
  private server: Server | null = null;
  private readonly now: () => Date;
  private readonly initial: { scenario: string | SimDataset; options?: Record<string, unknown> };

  constructor(private readonly options: JiraSimOptions) {
    this.mode = options.mode;
    this.now = options.now ?? (() => new Date());
    this.settings = { ...DEFAULT_SETTINGS, ...options.settings };
    this.faults = new FaultController(options.seed ?? 1);
    this.initial = { scenario: options.dataset ?? options.scenario ?? 'empty', options: options.scenarioOptions };
    this.store = new SimStore(this.datasetFor(this.initial.scenario, this.initial.options), this.now);
    this.faults.onChange((config) => this.store.setSearchLag(config.searchLagMs ?? 0));
  }

  async listen(): Promise<this> {
    const server = createServer({ keepAliveTimeout: 30_000 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    const host = this.options.host && this.options.host !== '0.0.0.0' ? this.options.host : '127.0.0.1';
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
    const baseUrl = this.store.dataset.baseUrl ?? this.url;
    const search = new SearchEngine(this.store, this.now, this.options.timeZone ?? 'UTC');
    const renderer = new IssueRenderer(this.store, baseUrl);
    this.webhooks = new Webhooks(this.store, search, renderer);
    this.instance = {
      mode: this.mode,
      baseUrl,
      store: this.store,
      search,
      renderer,
      tokens: new PageTokens(this.now),
      faults: this.faults,
      settings: this.settings,
      webhooks: this.webhooks,
      now: this.now,
    };
    this.auth = new Authenticator(() => this.store.catalog, this.settings);
    const control = this.options.control === false ? null : (method: string, path: string, query: URLSearchParams, body: string) => handleControl(this, method, path, query, body);
    this.handler = new RequestHandler({ sim: this.instance, auth: this.auth, log: this.requestLog, control });
    server.on('request', this.handler.handle);
    this.server = server;
    return this;
  }

  /** Replaces all data with a named scenario or a dataset. Outstanding page tokens stop working. */
  loadScenario(scenario: string | SimDataset, options?: Record<string, unknown>): void {
    this.store.load(this.datasetFor(scenario, options));
    this.instance.search.clear();
    this.instance.tokens.expireAll();
    this.auth.reset();
  }

  updateSettings(partial: Partial<InstanceSettings>): void {
    Object.assign(this.settings, partial);
    this.auth.reset();
  }

  expireTokens(): void {
    this.instance.tokens.expireAll();
  }

  /** Back to the starting data, no faults, default settings, empty log, no webhooks. */
  reset(): void {
    this.faults.clear();
    Object.assign(this.settings, DEFAULT_SETTINGS, this.options.settings);
    this.webhooks.clear();
    this.loadScenario(this.initial.scenario, this.initial.options);
    this.requestLog.clear();
  }

  findUser(reference: string): SimUser | undefined {
    const ref = reference.toLowerCase();
    return this.store.dataset.users.find(
      (u) => u.accountId === reference || u.name.toLowerCase() === ref || u.emailAddress.toLowerCase() === ref || u.key === reference,
    );
  }

  /**
   * An Authorization header this instance accepts for a user (first user by default):
   * Basic email:apiToken on Cloud, Basic username:password on Data Center.
   */
  authorizationFor(reference?: string): string {
    const user = reference === undefined ? this.store.dataset.users[0] : this.findUser(reference);
    if (!user) throw new Error(`No user '${reference ?? '(first)'}' in the simulator dataset.`);
    const login = this.mode === 'cloud' ? `${user.emailAddress}:${user.apiToken}` : `${user.name}:${user.password}`;
    return `Basic ${Buffer.from(login, 'utf8').toString('base64')}`;
  }

  async close(): Promise<void> {
    this.webhooks?.close();
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const res of this.handler.hung) res.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private datasetFor(scenario: string | SimDataset, options?: Record<string, unknown>): SimDataset {
    const dataset = typeof scenario === 'string' ? buildScenario(scenario, { mode: this.mode, now: this.now(), options }) : scenario;
    return dataset.mode === this.mode ? dataset : { ...dataset, mode: this.mode };
  }
}

export async function startJiraSim(options: JiraSimOptions): Promise<JiraSim> {
  return new JiraSim(options).listen();
}

export type { FaultConfig } from './faults/faults';
export type { RequestLogEntry } from './request-log';
export type { WebhookDelivery, WebhookInput } from './webhooks/webhooks';
export type { InstanceSettings } from './http/context';
export type { SimDataset, SimIssue, SimUser, DeploymentMode } from './model';
export { buildScenario, emptyDataset, scenarioNames } from './scenario-registry';
