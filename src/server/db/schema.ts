/**
 * Kysely table types: the one description of the database shared by SQLite and PostgreSQL.
 * Portable column choices, so one query layer serves both:
 * - ids are text (UUIDs made by the app), never database-generated;
 * - instants are ISO-8601 text (`2027-01-15T10:00:00.000Z`), plain dates are `YYYY-MM-DD` text,
 *   so ordering by text is ordering by time on both engines;
 * - booleans are integers 0/1; numbers are double precision / REAL.
 * Only repositories (db/repositories) use these types to build SQL.
 */
import type { ColumnType } from 'kysely';

export interface UsersTable {
  id: string;
  email: string; // stored lower-cased; unique
  name: string;
  role: 'admin' | 'member';
  password_hash: string; // scrypt, "scrypt$N$r$p$salt$hash" (base64 parts)
  created_at: string;
  updated_at: string;
  deactivated_at: string | null; // set by an admin: sessions, tokens and sign-in are refused; null = active
}

export interface SessionsTable {
  id_hash: string; // sha256 of the cookie value; the raw value is never stored
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string; // sha256 of the token; the token is shown once at creation
  created_at: string;
  last_used_at: string | null;
}

export interface SettingsTable {
  key: string; // e.g. "status.behindThreshold"
  value: string; // JSON text
  updated_at: string;
}

export interface CyclesTable {
  id: string;
  name: string;
  start_date: string; // YYYY-MM-DD
  end_date: string; // YYYY-MM-DD, inclusive
  created_at: string;
  updated_at: string;
}

export interface ObjectivesTable {
  id: string;
  cycle_id: string;
  title: string;
  description: string;
  owner_id: string | null;
  parent_id: string | null; // the first parent (objective_parents position 0), kept in sync by alignment-repository.ts
  start_date: string | null;
  end_date: string | null;
  progress_mode: 'key_results' | 'manual';
  /** Latest manual progress (0..1) in manual mode; history lives in check_ins. */
  manual_progress: number | null;
  created_at: string;
  updated_at: string;
  /** When it was closed (an imported Viva status Closed, 0013); null while open. */
  closed_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Viva's score as imported (0013); null when none. */
  score: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface KeyResultsTable {
  id: string;
  objective_id: string;
  title: string;
  owner_id: string | null;
  start_value: number;
  target_value: number;
  current_value: number;
  unit: string;
  weight: number;
  created_at: string;
  updated_at: string;
  /** When it was closed (an imported Viva status Closed, 0013); null while open. */
  closed_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Viva's score as imported (0013); null when none. */
  score: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A remark on an objective or a key result (exactly one is set), shown on its activity (0013). */
export interface CommentsTable {
  id: string;
  objective_id: string | null;
  key_result_id: string | null;
  /** null: the import named nobody Pacer knows, or the user was deleted. */
  author_id: string | null;
  text: string;
  created_at: string;
}

/** Check-ins are append-only: history is kept, never overwritten. Exactly one of the two ids is set. */
export interface CheckInsTable {
  id: string;
  key_result_id: string | null;
  objective_id: string | null;
  value: number;
  note: string;
  author_id: string;
  created_at: string;
}

/** A named connection to one Jira site. The secret is only ever stored encrypted. */
export interface JiraConnectionsTable {
  id: string;
  name: string; // unique, case-insensitively
  url: string; // normalised base URL, no trailing slash
  username: string; // email on Cloud, username on Data Center; '' for a personal access token
  auth_type: 'basic' | 'bearer';
  secret_ciphertext: string; // AES-256-GCM, "v1:iv:tag:ciphertext" (src/server/secrets)
  deployment_type: 'cloud' | 'datacenter';
  jira_user_name: string | null; // display name of the signed-in Jira user
  jira_account_id: string | null; // Cloud accountId, or the Data Center username
  health: 'ok' | 'failing' | 'unknown';
  last_error_code: string | null;
  last_error_message: string | null;
  last_checked_at: string | null;
  created_at: string;
  updated_at: string;
  /** The token in this connection's webhook URL, encrypted like the secret (admins see the URL again). */
  webhook_secret_ciphertext: string | null;
  /** When Pacer last registered the webhook through Jira's API; null after a rotation. */
  webhook_registered_at: string | null;
  webhook_last_delivery_at: string | null;
  /** ISO time until which a Jira quota limit pauses every request to this connection (every process). */
  quota_paused_until: string | null;
  /** JQL ANDed onto every preview, link and sync of this connection; null: no scope (0010). */
  scope_jql: string | null;
  /** Who may link or preview with this connection (0010); the database defaults it to 'everyone'. */
  link_access: ColumnType<'everyone' | 'admins', 'everyone' | 'admins' | undefined>;
}

/** Request slots per Jira connection, leased by requests in flight from any process (0006). */
export interface JiraRequestSlotsTable {
  connection_id: string;
  slot: number;
  holder: string | null;
  holder_process: number | null;
  /** Epoch milliseconds (bigint: a string from PostgreSQL). */
  expires_at: string | number | null;
}

/** Delivery ids (X-Atlassian-Webhook-Identifier) seen recently, so duplicates and retries are ignored. */
export interface WebhookDeliveriesTable {
  connection_id: string;
  delivery_id: string;
  received_at: string;
}

/**
 * An objective's or key result's link to Jira: the query, the metric and its options, the last
 * synced values and the sync schedule. The options JSON is read by src/server/services/sync/link-options.ts.
 */
export interface IntegrationLinksTable {
  id: string;
  objective_id: string | null; // exactly one of objective_id and key_result_id is set
  key_result_id: string | null;
  type: 'jira';
  connection_id: string | null; // null once its connection was deleted: "disconnected"
  jql: string;
  metric: 'percent_done' | 'done_count' | 'points_done' | 'field_sum';
  options: string; // JSON: startValue, targetValue, field, countAll, doneRule, periodScoped
  query_hash: string; // connection + effective JQL: links with the same hash share one Jira query
  total: number | null;
  done: number | null;
  progress: number | null;
  measured: number | null; // what the metric measured (items, points, field sum)
  last_synced_at: string | null;
  last_attempt_at: string | null;
  last_error_code: string | null;
  last_error_message: string | null;
  next_due_at: string;
  sync_state: 'idle' | 'syncing';
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
  /** The query (jira_queries.hash) and its generation at the link's last successful commit; null before it. */
  synced_query_hash: string | null;
  synced_generation: number | null;
  /** The forecast worked out after the link's last sync (0011); null before the first. */
  forecast_reason: 'ok' | 'done' | 'not_enough_history' | 'no_progress' | 'scope_outpaces_delivery' | null;
  forecast_finish_date: string | null; // YYYY-MM-DD
  forecast_finishes_before_end: number | null; // 0/1, null without a finish date
  forecast_at: string | null;
}

/**
 * The mirror: one row per (connection, Jira issue id), shared by every query that matches the issue.
 * Dates are ISO-8601 UTC text; status_category_changed_at is only known on Cloud.
 */
export interface JiraIssuesTable {
  connection_id: string;
  issue_id: string;
  issue_key: string;
  /** The issue id left-padded with zeros to 20 characters: text order is numeric id order (the issue list pages by it). */
  sort_key: string;
  summary: string;
  status: string;
  status_category: string; // Jira's status category key: new, indeterminate, done
  assignee: string | null; // display name
  resolution: string | null; // resolution name
  created_at: string | null;
  resolution_date: string | null;
  status_category_changed_at: string | null;
  updated_at: string | null;
  story_points: number | null;
  /** JSON object fieldId → number|null, merged across queries (a query that did not ask for a field leaves it alone). */
  numeric_fields: string;
  /** Fingerprint of the stored content, so an unchanged issue is never rewritten. */
  content_hash: string;
  mirrored_at: string;
}

/** One distinct query (connection + effective JQL); links with the same query_hash share it. */
export interface JiraQueriesTable {
  hash: string; // queryHash(connectionId, effectiveJql)
  connection_id: string;
  jql: string;
  /** Bumped only when the membership (or a member's done-deciding fields) changed at a sync. */
  generation: number;
  issue_count: number;
  /** Fingerprint of the members and their snapshot; equal at the next sync means nothing to write. */
  digest: string | null;
  synced_at: string | null;
  created_at: string;
}

/**
 * A query's members, with what the query last saw of the fields that decide "done". A row with
 * left_generation set is a tombstone, kept until every link of the query synced past it.
 */
export interface JiraQueryIssuesTable {
  query_hash: string;
  connection_id: string;
  issue_id: string;
  joined_generation: number;
  left_generation: number | null;
  status: string;
  status_category: string;
  has_resolution: number; // 0/1
  category_done_generation: number | null;
  resolved_generation: number | null;
  status_generation: number;
  /** When the status category last left Done / the resolution was last cleared (0011): "reopened" in a link's run. */
  category_undone_generation: number | null;
  unresolved_generation: number | null;
  /** The status before the change at status_generation (0011), for status-name done rules. */
  previous_status: string | null;
}

/**
 * One sync of one link: append-only history. Key lists are JSON arrays of issue keys. A run belongs
 * to its objective or key result (exactly one is set) and outlives the link: unlinking sets link_id
 * to null so the item's activity and history keep the Jira period; deleting the item deletes it.
 */
export interface SyncRunsTable {
  id: string;
  link_id: string | null;
  objective_id: string | null;
  key_result_id: string | null;
  trigger: 'created' | 'edited' | 'manual' | 'schedule' | 'webhook';
  started_at: string;
  finished_at: string;
  outcome: 'ok' | 'failed';
  error_code: string | null;
  error_message: string | null;
  jira_requests: number;
  total: number | null;
  done: number | null;
  progress_before: number | null;
  progress_after: number | null;
  added_keys: string;
  removed_keys: string;
  newly_done_keys: string;
  /** Keys done at the link's previous sync and not done now (0011; '[]' on older runs). */
  reopened_keys: ColumnType<string, string | undefined, string>;
  /** The amount the metric counts in the query and done (issues, story points or the field's sum; 0011, null on older runs). */
  scope_amount: number | null;
  done_amount: number | null;
  note: string;
}

/** A team; a parent team makes a tree (loops refused by the service). */
export interface TeamsTable {
  id: string;
  name: string;
  parent_team_id: string | null;
  created_at: string;
  updated_at: string;
}

/** team_owners (may change the team) and team_members: one row per (team, user). */
export interface TeamUsersTable {
  team_id: string;
  user_id: string;
}

/** The teams an objective belongs to (zero or more). */
export interface ObjectiveTeamsTable {
  objective_id: string;
  team_id: string;
}

/**
 * Alignment: an objective under one or more parents. weight: percent 0..100 the child counts with
 * in the parent's roll-up, null = not set (src/core/rollup.ts). position 0 is the first parent,
 * which objectives.parent_id mirrors.
 */
export interface ObjectiveParentsTable {
  objective_id: string;
  parent_objective_id: string;
  weight: number | null;
  position: number;
}

/**
 * Phased targets: the value due by the end of `date` (YYYY-MM-DD). Owned by a key result (value
 * in its unit) or by a manual objective (a fraction 0..1), never both.
 */
export interface MilestonesTable {
  id: string;
  key_result_id: string | null;
  objective_id: string | null;
  date: string;
  value: number;
}

/**
 * What an import created or matched: (source e.g. "viva" or "pacer", entity_type e.g. "objective",
 * the file's id) → our id, so a second import of the same file updates instead of duplicating.
 */
export interface ExternalRefsTable {
  source: string;
  entity_type: string;
  external_id: string;
  local_id: string;
  created_at: string;
  updated_at: string;
}

/** One row (id 1) whose version triggers bump with every write to a table the OKR list reads (migration 0014). */
export interface DataVersionTable {
  id: number;
  // bigint: PostgreSQL returns it as a string, SQLite as a number.
  version: ColumnType<string | number, string | number, string | number>;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  settings: SettingsTable;
  cycles: CyclesTable;
  objectives: ObjectivesTable;
  key_results: KeyResultsTable;
  check_ins: CheckInsTable;
  jira_connections: JiraConnectionsTable;
  jira_request_slots: JiraRequestSlotsTable;
  integration_links: IntegrationLinksTable;
  jira_issues: JiraIssuesTable;
  jira_queries: JiraQueriesTable;
  jira_query_issues: JiraQueryIssuesTable;
  sync_runs: SyncRunsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  teams: TeamsTable;
  team_owners: TeamUsersTable;
  team_members: TeamUsersTable;
  objective_teams: ObjectiveTeamsTable;
  objective_parents: ObjectiveParentsTable;
  milestones: MilestonesTable;
  external_refs: ExternalRefsTable;
  comments: CommentsTable;
  data_version: DataVersionTable;
}
