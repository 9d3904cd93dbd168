/**
 * Change records emitted by the store on every write: they feed webhooks, changelogs and the
 * eventual-consistency lag of search.
 */
import type { SimIssue, SimUser } from '../model';

export interface ChangelogItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangelogEntry {
  id: string;
  author: SimUser | null;
  created: string; // ISO instant
  items: ChangelogItem[];
}

export type IssueChangeType = 'created' | 'updated' | 'deleted';

export interface IssueChange {
  type: IssueChangeType;
  before: SimIssue | null;
  after: SimIssue | null;
  /** Set for updates: what changed, in Jira's changelog item shape. */
  changelog: ChangelogEntry | null;
  user: SimUser | null;
  at: Date;
}

/** Fields of SimIssue a write may set (identity and project are fixed once created). */
export type IssuePatch = Partial<Omit<SimIssue, 'id' | 'key' | 'projectKey'>>;

export interface IssueInput extends IssuePatch {
  projectKey: string;
  summary: string;
  /** Optional explicit key/id, e.g. when a test wants a known key. */
  key?: string;
  id?: string;
  /** Status by name (e.g. "In Progress"); `statusId` wins when both are given. */
  status?: string;
}
