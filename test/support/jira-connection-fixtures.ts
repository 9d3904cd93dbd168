/**
 * Helpers for the Jira connection API tests: the simulator's demo credentials per deployment, a
 * request wrapper that keeps every response body (so a suite can prove no secret ever left the
 * server), and the connection shape as the API returns it.
 */
import { Writable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import { expect } from 'vitest';
import type { Actor, AppTestContext, HttpMethod, RequestOptions } from './app-harness';
import { createLogger } from '../../src/server/logger';
import type { ApiErrorBody as ErrorDto } from '../../src/contract/fields';
import type { JiraConnection as ConnectionDto } from '../../src/contract/integrations';

export type SimMode = 'cloud' | 'datacenter';

/** Demo scenario user "dana" (jira-sim/src/scenarios/common.ts): one login and one secret per mode. */
export function demoCredentials(mode: SimMode): { username: string; secret: string; wrongSecret: string } {
  return mode === 'cloud'
    ? { username: 'dana@example.com', secret: 'sim-api-token-dana', wrongSecret: 'sim-api-token-not-danas' }
    : { username: 'dana', secret: 'dana-password', wrongSecret: 'not-danas-password' };
}

/** Dana's Data Center personal access token (Bearer). */
export const DEMO_PAT = 'sim-pat-dana';

// The API's own shapes (src/contract), so a test cannot read a field the server does not send.
export type { JiraConnection as ConnectionDto } from '../../src/contract/integrations';
export type { ApiErrorBody as ErrorDto } from '../../src/contract/fields';

export const CONNECTIONS_URL = '/api/v1/integrations/jira/connections';

/** Sends requests through the harness and remembers every response body it saw. */
export class RecordingClient {
  readonly bodies: string[] = [];

  constructor(private readonly ctx: () => AppTestContext) {}

  async request(method: HttpMethod, url: string, options: RequestOptions = {}): Promise<LightMyRequestResponse> {
    const response = await this.ctx().request(method, url, options);
    this.bodies.push(response.body);
    return response;
  }

  async createConnection(as: Actor, body: Record<string, unknown>): Promise<ConnectionDto> {
    const response = await this.request('POST', CONNECTIONS_URL, { as, body });
    expectStatus(response, 201);
    return response.json<ConnectionDto>();
  }

  async listConnections(as: Actor): Promise<ConnectionDto[]> {
    const response = await this.request('GET', CONNECTIONS_URL, { as });
    expectStatus(response, 200);
    return response.json<ConnectionDto[]>();
  }
}

export function expectStatus(response: LightMyRequestResponse, status: number): void {
  if (response.statusCode !== status) throw new Error(`expected HTTP ${status}, got ${response.statusCode}: ${response.body}`);
}

/** A refusal with this status and code, whose message and named fields are what the UI shows. */
export function expectRefusal(response: LightMyRequestResponse, status: number, code: string, field?: string): ErrorDto['error'] {
  expectStatus(response, status);
  const { error } = response.json<ErrorDto>();
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(10);
  if (field !== undefined) expect(error.fields?.map((f) => f.field)).toContain(field);
  return error;
}

/** Every place a secret must never appear: response bodies and the app's log lines. */
export function findLeaks(secrets: readonly string[], haystacks: { label: string; texts: readonly string[] }[]): string[] {
  const leaks: string[] = [];
  for (const secret of secrets) {
    for (const { label, texts } of haystacks) {
      const index = texts.findIndex((text) => text.includes(secret));
      if (index >= 0) leaks.push(`${label} #${index} contains "${secret}": ${texts[index]?.slice(0, 200)}`);
    }
  }
  return leaks;
}

/** The app's real logger (with its redaction), writing each line into `lines`. */
export function collectingLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return createLogger('debug', sink);
}
