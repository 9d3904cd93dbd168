/** Shapes of the REST API v1 (docs/API.md). Dates are 'YYYY-MM-DD', instants ISO-8601 strings. */
import type { IntegrationSummary } from './linkTypes';

export type Role = 'admin' | 'member';
export type Status = 'on_track' | 'behind' | 'at_risk' | 'not_started';
export type ProgressMode = 'key_results' | 'manual';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** False once an admin deactivated the user (they can't sign in; their OKRs stay). */
  active: boolean;
  createdAt: string;
}

/** A personal API token as listed: never the token itself (shown once, at creation). */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
  createdAt: string;
}

export interface Person {
  id: string;
  name: string;
}

export interface Cycle {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  createdAt: string;
}

export interface KeyResult {
  id: string;
  objectiveId: string;
  title: string;
  ownerId: string | null;
  owner: Person | null;
  startValue: number;
  targetValue: number;
  currentValue: number;
  unit: string;
  weight: number;
  progress: number | null;
  expectedProgress: number | null;
  status: Status;
  /** The Jira link driving its progress, or null when progress is checked in by hand. */
  integration: IntegrationSummary | null;
  /** Whether the signed-in user may edit, delete, check in on and link it (its owner, its objective's owner, admins). */
  canEdit: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Objective {
  id: string;
  cycleId: string;
  title: string;
  description: string;
  ownerId: string | null;
  owner: Person | null;
  parentId: string | null;
  startDate: string | null;
  endDate: string | null;
  progressMode: ProgressMode;
  progress: number | null;
  expectedProgress: number | null;
  status: Status;
  keyResults: KeyResult[];
  /** The Jira link driving its progress, or null. */
  integration: IntegrationSummary | null;
  /** Whether the signed-in user may edit, delete, check in on, link it and add key results (its owner, admins). */
  canEdit: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface CheckIn {
  id: string;
  keyResultId: string | null;
  objectiveId: string | null;
  value: number;
  note: string;
  author: Person;
  createdAt: string;
}

export interface Settings {
  behindThreshold: number;
  atRiskThreshold: number;
  syncIntervalMinutes?: number;
  /** The most issues one Jira link's query may match; preview and save refuse more. */
  maxIssuesPerLink?: number;
  /** Off: only an OKR's owner and admins change it. On: every signed-in user may. */
  everyoneMayEditOkrs?: boolean;
  /** On: a Jira-linked item whose forecast finishes after its period (or has no finish in sight) is at least Behind. */
  statusUsesForecast?: boolean;
}

export interface SetupStatus {
  needed: boolean;
}

export interface CycleInput {
  name: string;
  startDate: string;
  endDate: string;
}

export interface ObjectiveInput {
  cycleId: string;
  title: string;
  description?: string;
  ownerId?: string | null;
  parentId?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  progressMode?: ProgressMode;
}

export interface KeyResultInput {
  title: string;
  startValue: number;
  targetValue: number;
  currentValue?: number;
  unit?: string;
  weight?: number;
  ownerId?: string | null;
}

export interface CheckInInput {
  value: number;
  note?: string;
}

export interface NewUserInput {
  email: string;
  name: string;
  password: string;
  role?: Role;
}

export interface UserPatch {
  name?: string;
  email?: string;
  role?: Role;
  password?: string;
  active?: boolean;
}

export type IntegrationType = 'jira';

export interface Integration {
  type: IntegrationType;
  enabled: boolean;
  /** Admins only: connections may use link-local / cloud-metadata addresses. */
  allowLinkLocal?: boolean;
}

export type JiraAuthType = 'basic' | 'bearer';
export type JiraDeploymentType = 'cloud' | 'datacenter';

export interface JiraConnectionHealth {
  status: 'ok' | 'failing' | 'unknown';
  lastError: { code: string; message: string } | null;
  lastCheckedAt: string | null;
}

/** A Jira connection as admins see it; the secret never leaves the server. */
export interface JiraConnection {
  id: string;
  name: string;
  url: string;
  username: string;
  authType: JiraAuthType;
  deploymentType: JiraDeploymentType;
  jiraUser: { displayName: string; accountId: string | null; username: string | null } | null;
  health: JiraConnectionHealth;
  /** How many objectives and key results follow Jira through this connection. */
  linkedItems: number;
  /** live: Jira's webhook delivered within the last hour. */
  webhook: { live: boolean; lastDeliveryAt: string | null };
  /** JQL Pacer ANDs onto every preview, link and sync of this connection; null: none. */
  scopeJql: string | null;
  linkAccess: JiraLinkAccess;
  createdAt: string;
  updatedAt: string;
}

/** Who may preview and link with a connection. */
export type JiraLinkAccess = 'everyone' | 'admins';

export interface JiraConnectionInput {
  name: string;
  url: string;
  username: string;
  secret: string;
  authType: JiraAuthType;
  /** Blank or null: no scope. */
  scopeJql?: string | null;
  linkAccess?: JiraLinkAccess;
}

/** A blank or absent secret keeps the stored one. */
export type JiraConnectionPatch = Partial<JiraConnectionInput>;
