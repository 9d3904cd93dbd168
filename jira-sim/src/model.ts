/**
 * The simulator's in-memory data model. Shared contract between the JQL engine (jql/), the
 * scenarios (scenarios/) and the HTTP layer (http/). Field values are stored in a normalised
 * form; http/ renders them into Jira's IssueBean JSON per deployment mode.
 */

export type DeploymentMode = 'cloud' | 'datacenter';

/** Jira's status categories, ids and keys exactly as real Jira has them. */
export type StatusCategoryKey = 'undefined' | 'new' | 'indeterminate' | 'done';
export interface StatusCategory {
  id: number; // 1 undefined, 2 new, 4 indeterminate, 3 done
  key: StatusCategoryKey;
  name: string; // "No Category" | "To Do" | "In Progress" | "Done"
  colorName: string;
}

export interface SimStatus {
  id: string;
  name: string; // e.g. "To Do", "In Progress", "In Review", "Done", "Closed"
  categoryKey: StatusCategoryKey;
}

export interface SimUser {
  accountId: string; // Cloud identity
  name: string; // Data Center username (also the login for DC basic auth)
  key: string; // Data Center user key
  displayName: string;
  emailAddress: string;
  /** Cloud basic auth secret (API token) and DC basic auth password. */
  apiToken: string;
  password: string;
  /** Data Center personal access tokens (Bearer). */
  personalAccessTokens: string[];
  /** When set, the user sees only issues of these project keys. */
  allowedProjectKeys?: string[];
  groups: string[];
  active: boolean;
}

export interface SimProject {
  id: string;
  key: string;
  name: string;
  components: string[];
  versions: string[];
  /** Anonymous callers may browse this project (only matters when the instance allows anonymous access). */
  anonymousBrowse?: boolean;
}

export type IssueTypeName = 'Epic' | 'Story' | 'Task' | 'Bug' | 'Sub-task';

export interface SimIssue {
  id: string; // numeric string, e.g. "10042"
  key: string; // e.g. "AE-786"
  projectKey: string;
  issueType: IssueTypeName;
  summary: string;
  description: string | null;
  statusId: string;
  resolution: string | null; // e.g. "Done", "Fixed", "Won't Do"
  resolutionDate: string | null; // ISO instant
  created: string; // ISO instant
  updated: string; // ISO instant
  /**
   * When the status category last changed (Cloud's `statuscategorychangedate`; Data Center has no
   * such field). The store moves it on every write that changes the category. A dataset may leave
   * it out: the issue then shows its resolution date, else its created date.
   */
  statusCategoryChangedAt?: string; // ISO instant
  dueDate: string | null; // YYYY-MM-DD
  assigneeAccountId: string | null;
  reporterAccountId: string | null;
  labels: string[];
  priority: string | null; // "Highest" | "High" | "Medium" | "Low" | "Lowest"
  components: string[];
  fixVersions: string[];
  /** Key of the parent issue (epic for stories on Cloud, story/task for sub-tasks). */
  parentKey: string | null;
  /** Key of the epic via the Data Center "Epic Link" custom field. */
  epicLinkKey: string | null;
  storyPoints: number | null;
  /** Seconds, as Jira's timetracking stores them. */
  originalEstimateSeconds: number | null;
  remainingEstimateSeconds: number | null;
  timeSpentSeconds: number | null;
  /** Other numeric custom fields by custom field id (e.g. "customfield_10100"). */
  customNumbers: Record<string, number | null>;
}

/** A custom field definition, as reported by GET /field. */
export interface SimCustomField {
  id: string; // "customfield_10016"
  name: string; // "Story point estimate" (Cloud) | "Story Points" (DC)
  schemaType: 'number' | 'string' | 'any';
  schemaCustom: string; // e.g. "com.atlassian.jira.plugin.system.customfieldtypes:float"
  schemaCustomId: number; // 10016
}

export interface SimDataset {
  mode: DeploymentMode;
  baseUrl?: string;
  serverTitle: string;
  projects: SimProject[];
  statuses: SimStatus[];
  users: SimUser[];
  issues: SimIssue[];
  /** Story points field for this instance; "Story Points" on DC, "Story point estimate" on Cloud. */
  storyPointsField: SimCustomField;
  /** Data Center "Epic Link" field. */
  epicLinkField: SimCustomField;
  extraNumberFields: SimCustomField[];
}

/** Everything the JQL engine needs to evaluate a query beyond the issue itself. */
export interface JqlContext {
  dataset: SimDataset;
  /** The caller, for currentUser(); null for anonymous. */
  currentUser: SimUser | null;
  /** Evaluation time, so relative dates and now() are deterministic in tests. */
  now: Date;
  /** IANA time zone used for startOfDay() etc.; Jira uses the user's zone. */
  timeZone: string;
}

export type JqlCompileResult =
  | {
      ok: true;
      /** True when the query has at least one search restriction (Cloud refuses unbounded ones). */
      bounded: boolean;
      matches: (issue: SimIssue) => boolean;
      /** Comparator from ORDER BY; without ORDER BY: created DESC; always tie-broken on id (see jql/order.ts). */
      compare: (a: SimIssue, b: SimIssue) => number;
      /** Problems Jira reports without failing the search (Data Center: unknown user names). */
      warningMessages?: string[];
    }
  | {
      ok: false;
      /** Error messages worded exactly as Jira words them. */
      errorMessages: string[];
      /** 'syntax': the text is not JQL; 'validation': unknown field/value/function or unsupported operator. */
      kind?: 'syntax' | 'validation';
    };
