/**
 * What a request handler gets: the instance (store, search, rendering, tokens, faults,
 * settings) and the parsed request with its authenticated caller.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { DeploymentMode } from '../model';
import type { FaultController } from '../faults/faults';
import type { SearchEngine, Searcher } from '../store/search-engine';
import type { SimStore } from '../store/store';
import type { Webhooks } from '../webhooks/webhooks';
import type { AuthSettings, Caller } from './auth';
import type { PageTokens } from './page-tokens';
import type { IssueRenderer } from './render-issue';

export interface InstanceSettings extends AuthSettings {
  /** Data Center caps `maxResults` of /rest/api/2/search at this (Jira's default is 1000). */
  dataCenterMaxResults: number;
  /** Cloud serves at most this many issues per page when fields beyond id/key are asked for. */
  cloudFieldsPageCap: number;
  /**
   * The version Data Center reports (serverInfo). From 10 on, webhooks are registered at
   * /rest/jira-webhook/1.0/webhooks instead of /rest/webhooks/1.0/webhook. Default 9.12.15.
   */
  dataCenterVersion: string;
}

export interface SimInstance {
  mode: DeploymentMode;
  baseUrl: string;
  store: SimStore;
  search: SearchEngine;
  renderer: IssueRenderer;
  tokens: PageTokens;
  faults: FaultController;
  settings: InstanceSettings;
  /** Registered webhooks (Jira's registration API and the control API share them). */
  webhooks: Webhooks;
  now: () => Date;
}

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The full URL as Jira would print it (for Data Center's 404 wording). */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  caller: Exclude<Caller, { kind: 'refused' }>;
}

export function searcherOf(caller: ApiRequest['caller']): Searcher {
  return caller.kind === 'user' ? { kind: 'user', user: caller.user } : { kind: 'anonymous' };
}

/** Parses a JSON request body; undefined when it isn't a JSON object. */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Repeated and comma-separated query values (`fields=a,b&fields=c`). */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

export const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'string');
