/**
 * Test harness: starts the real Jira simulator on a free port and drives it only over HTTP
 * (its `/_sim/` control API for faults, settings and the request log), the way the client sees
 * any Jira. Nothing of the client is replaced; the simulator is a separate HTTP server.
 */
import { startJiraSim, type FaultConfig, type InstanceSettings, type JiraSim, type RequestLogEntry, type SimDataset } from '../../jira-sim/src/index';
import type { JiraAuth, JiraClientOptions } from '../../src/integrations/jira/client';
import { createJiraClient, type JiraClient } from '../../src/integrations/jira/client';

export type Mode = 'cloud' | 'datacenter';

export interface SimHarness {
  sim: JiraSim;
  mode: Mode;
  url: string;
  /** Dana, the demo admin, with the credentials this mode accepts. */
  auth: JiraAuth;
  client(options?: Partial<JiraClientOptions>): JiraClient;
  setFaults(config: FaultConfig): Promise<void>;
  clearFaults(): Promise<void>;
  settings(partial: Partial<InstanceSettings>): Promise<void>;
  /** Jira API requests the simulator served (control calls excluded), oldest first. */
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  counters(): Promise<{ maxConcurrentApi: number; api: number }>;
  close(): Promise<void>;
}

export function danaAuth(mode: Mode): JiraAuth {
  return mode === 'cloud'
    ? { type: 'basic', username: 'dana@example.com', secret: 'sim-api-token-dana' }
    : { type: 'basic', username: 'dana', secret: 'dana-password' };
}

export async function startSimHarness(
  mode: Mode,
  options: { dataset?: SimDataset; scenario?: string; seed?: number } = {},
): Promise<SimHarness> {
  const sim = await startJiraSim({
    mode,
    port: 0,
    control: true,
    seed: options.seed ?? 7,
    ...(options.dataset ? { dataset: options.dataset } : { scenario: options.scenario ?? 'demo' }),
  });
  const url = sim.url;

  async function control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator control ${method} ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as unknown;
  }

  const auth = danaAuth(mode);
  return {
    sim,
    mode,
    url,
    auth,
    client: (overrides = {}) => createJiraClient({ baseUrl: url, auth, ...overrides }),
    setFaults: async (config) => {
      await control('PUT', '/_sim/faults', config);
    },
    clearFaults: async () => {
      await control('DELETE', '/_sim/faults');
    },
    settings: async (partial) => {
      await control('PATCH', '/_sim/settings', partial);
    },
    requests: async () => (await control('GET', '/_sim/requests')) as RequestLogEntry[],
    clearRequests: async () => {
      await control('DELETE', '/_sim/requests');
    },
    counters: async () => (await control('GET', '/_sim/counters')) as { maxConcurrentApi: number; api: number },
    close: () => sim.close(),
  };
}

/** A fake clock whose sleep only records the wait and moves time forward: waits are measured, not waited. */
export function recordingClock(): { now: () => number; sleep: (ms: number) => Promise<void>; waits: number[] } {
  let time = Date.now();
  const waits: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      waits.push(ms);
      time += ms;
    },
    waits,
  };
}
