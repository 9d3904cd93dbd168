/**
 * The API shapes of Jira connections. Admins get the full view; members only ids and names.
 * Neither shape has room for the secret: the ciphertext stops at the service.
 */
import type { JiraConnectionRecord } from '../db/repositories/jira-connections-repository';

export const SECRET_UNREADABLE_CODE = 'secret_unreadable';
export const SECRET_UNREADABLE_MESSAGE =
  "The stored secret can't be read (the encryption key changed). Enter the password or token again.";

export interface JiraConnectionHealthView {
  status: 'ok' | 'failing' | 'unknown';
  lastError: { code: string; message: string } | null;
  lastCheckedAt: string | null;
}

export interface JiraUserView {
  displayName: string;
  /** Jira Cloud's accountId; null on Data Center. */
  accountId: string | null;
  /** Data Center username; null on Cloud. */
  username: string | null;
}

/** "Live": Jira's webhook delivered within the last hour, so changes arrive within seconds. */
export interface JiraWebhookStatusView {
  live: boolean;
  lastDeliveryAt: string | null;
}

/** A connection is "live" while its webhook delivered within this window. */
export const WEBHOOK_LIVE_WINDOW_MS = 60 * 60_000;

export interface JiraConnectionView {
  id: string;
  name: string;
  url: string;
  username: string;
  authType: 'basic' | 'bearer';
  deploymentType: 'cloud' | 'datacenter';
  jiraUser: JiraUserView | null;
  health: JiraConnectionHealthView;
  linkedItems: number;
  webhook: JiraWebhookStatusView;
  /** ANDed onto every preview, link and sync of the connection; null: none. */
  scopeJql: string | null;
  /** Who may preview and link with it: everyone, or admins only. */
  linkAccess: 'everyone' | 'admins';
  createdAt: string;
  updatedAt: string;
}

export interface JiraConnectionSummary {
  id: string;
  name: string;
}

function presentJiraUser(record: JiraConnectionRecord): JiraUserView | null {
  if (record.jiraUserName === null) return null;
  const identity = record.jiraAccountId;
  return {
    displayName: record.jiraUserName,
    accountId: record.deploymentType === 'cloud' ? identity : null,
    username: record.deploymentType === 'datacenter' ? identity : null,
  };
}

/**
 * `secretReadable: false` overrides the stored health: whatever the last test found, the
 * connection can't work until someone enters the secret again.
 */
export function presentJiraConnection(
  record: JiraConnectionRecord,
  extra: { linkedItems: number; secretReadable: boolean; now?: Date },
): JiraConnectionView {
  const lastDeliveryAt = record.webhookLastDeliveryAt;
  const now = (extra.now ?? new Date()).getTime();
  const { health } = record;
  const healthView: JiraConnectionHealthView = extra.secretReadable
    ? {
        status: health.status,
        lastError:
          health.status === 'failing' && health.lastErrorCode !== null
            ? { code: health.lastErrorCode, message: health.lastErrorMessage ?? '' }
            : null,
        lastCheckedAt: health.lastCheckedAt,
      }
    : {
        status: 'failing',
        lastError: { code: SECRET_UNREADABLE_CODE, message: SECRET_UNREADABLE_MESSAGE },
        lastCheckedAt: health.lastCheckedAt,
      };
  return {
    id: record.id,
    name: record.name,
    url: record.url,
    username: record.username,
    authType: record.authType,
    deploymentType: record.deploymentType,
    jiraUser: presentJiraUser(record),
    health: healthView,
    linkedItems: extra.linkedItems,
    webhook: { live: lastDeliveryAt !== null && now - Date.parse(lastDeliveryAt) <= WEBHOOK_LIVE_WINDOW_MS, lastDeliveryAt },
    scopeJql: record.scopeJql,
    linkAccess: record.linkAccess,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
