/**
 * Authentication the way Jira does it. Cloud: Basic `email:apiToken`. Data Center: Basic
 * `username:password` (which an instance may disable) or `Bearer <personal access token>`.
 * Bad credentials make the caller anonymous with `X-Seraph-LoginReason: AUTHENTICATED_FAILED`;
 * whether that is a 401 or a 200 with anonymous data depends on the endpoint and the instance.
 */
import type { SimUser } from '../model';
import type { InstanceCatalog } from './catalog';
import { JIRA_MESSAGES, errorCollection, json, text, type SimResponse } from './responses';

export interface AuthSettings {
  /** Endpoints that allow it answer anonymous callers (and callers with dead credentials). */
  anonymousAccess: boolean;
  /** Data Center only: refuse Basic auth with Jira's 403. */
  basicAuthDisabled: boolean;
}

export type Caller =
  | { kind: 'user'; user: SimUser }
  | { kind: 'anonymous'; credentialsFailed: boolean }
  | { kind: 'refused'; response: SimResponse };

const SERAPH = 'X-Seraph-LoginReason';
const AUTH_CACHE_LIMIT = 2_000;

export class Authenticator {
  private readonly cache = new Map<string, SimUser | null>();
  private cacheFor: InstanceCatalog | null = null;

  constructor(
    private readonly catalog: () => InstanceCatalog,
    private readonly settings: AuthSettings,
  ) {}

  identify(authorization: string | undefined): Caller {
    if (!authorization) return { kind: 'anonymous', credentialsFailed: false };
    const catalog = this.catalog();
    if (catalog.mode === 'datacenter' && this.settings.basicAuthDisabled && /^basic /i.test(authorization)) {
      return { kind: 'refused', response: json(403, { message: JIRA_MESSAGES.basicAuthDisabled }) };
    }
    if (this.cacheFor !== catalog || this.cache.size > AUTH_CACHE_LIMIT) {
      this.cache.clear();
      this.cacheFor = catalog;
    }
    let user = this.cache.get(authorization);
    if (user === undefined) {
      user = this.lookup(catalog, authorization);
      this.cache.set(authorization, user);
    }
    if (!user || !user.active) return { kind: 'anonymous', credentialsFailed: true };
    return { kind: 'user', user };
  }

  /** Forget cached credential checks (after users or settings change). */
  reset(): void {
    this.cache.clear();
  }

  private lookup(catalog: InstanceCatalog, authorization: string): SimUser | null {
    const space = authorization.indexOf(' ');
    const scheme = authorization.slice(0, space).toLowerCase();
    const value = authorization.slice(space + 1).trim();
    if (scheme === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return null;
      const login = decoded.slice(0, colon).toLowerCase();
      const secret = decoded.slice(colon + 1);
      if (catalog.mode === 'cloud') {
        const user = catalog.usersByEmail.get(login);
        return user && user.apiToken === secret ? user : null;
      }
      const user = catalog.usersByLogin.get(login);
      return user && user.password === secret ? user : null;
    }
    // Cloud bearer tokens are OAuth 2.0 tokens for api.atlassian.com, not for the site itself.
    if (scheme === 'bearer' && catalog.mode === 'datacenter') return catalog.usersByToken.get(value) ?? null;
    return null;
  }
}

/** Jira's 401 for a caller an endpoint won't serve. */
export function unauthorized(mode: 'cloud' | 'datacenter', baseUrl: string, credentialsFailed: boolean): SimResponse {
  const headers: Record<string, string> = { 'WWW-Authenticate': `OAuth realm="${encodeURIComponent(baseUrl)}"` };
  if (!credentialsFailed) return errorCollection(401, [JIRA_MESSAGES.notAuthenticated], headers);
  headers[SERAPH] = 'AUTHENTICATED_FAILED';
  if (mode === 'cloud') return text(401, JIRA_MESSAGES.cloudUnauthorized, 'text/plain;charset=UTF-8', headers);
  return text(401, dataCenterLoginFailurePage(), 'text/html;charset=UTF-8', headers);
}

function dataCenterLoginFailurePage(): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><title>Unauthorized (401)</title></head><body>',
    '<h1>Unauthorized (401)</h1>',
    '<p>Encountered a &quot;401 - Unauthorized&quot; error while loading this page.</p>',
    '<p>Basic Authentication Failure - Reason : AUTHENTICATED_FAILED</p>',
    '<p><a href="/secure/MyJiraHome.jspa">Go to Jira home</a></p>',
    '</body></html>',
  ].join('\n');
}

export const SERAPH_HEADER = SERAPH;
