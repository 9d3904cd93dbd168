/**
 * Shapes of Jira links on objectives and key results (REST API v1, docs/API.md): the link itself,
 * the preview, the matching issues and the record of every sync run — the server's contract
 * (src/contract/links.ts), so a drifting field is a compile error. Only the web's own view state
 * is declared here.
 */
export type {
  DoneRule,
  IntegrationLink,
  IntegrationSummary,
  LinkForecast,
  LinkInput,
  LinkIssue,
  LinkIssuePage,
  LinkMetric,
  PreviewInput,
  PreviewIssue,
  PreviewResult,
  RefreshAllResult,
  RefreshResult,
  SyncError,
  SyncRun,
  SyncTrigger,
} from '../../contract/links';
export type { JiraConnectionSummary as JiraConnectionName } from '../../contract/integrations';

/** Which item a link drives. */
export interface LinkOwner {
  kind: 'objective' | 'keyResult';
  id: string;
}

/** Which page of the matching issues to show. */
export interface LinkIssueQuery {
  notDone: boolean;
  /** Text the key or summary contains ('' for all). */
  q: string;
  cursor: string | null;
  limit: number;
}
