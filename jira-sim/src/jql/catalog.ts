/**
 * Jira's fixed vocabularies that the data model stores by name: status categories, priorities,
 * resolutions and issue types, with the ids real Jira uses for them. The JQL engine accepts
 * names and ids; the HTTP layer can render the same ids.
 */
import type { DeploymentMode, IssueTypeName, StatusCategory, StatusCategoryKey } from '../model';

export const STATUS_CATEGORIES: readonly StatusCategory[] = [
  { id: 1, key: 'undefined', name: 'No Category', colorName: 'medium-gray' },
  { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  { id: 3, key: 'done', name: 'Done', colorName: 'green' },
];

export function statusCategoryByKey(key: StatusCategoryKey): StatusCategory {
  const found = STATUS_CATEGORIES.find((c) => c.key === key);
  if (!found) throw new Error(`Unknown status category key ${key}`);
  return found;
}

/** Jira's default priority scheme, most important first (id 1 = Highest). */
export const PRIORITIES = [
  { id: '1', name: 'Highest' },
  { id: '2', name: 'High' },
  { id: '3', name: 'Medium' },
  { id: '4', name: 'Low' },
  { id: '5', name: 'Lowest' },
] as const;

/** Jira's standard resolutions; ids as the HTTP layer renders them (http/catalog.ts). */
export const RESOLUTIONS: readonly { id: string; name: string }[] = [
  { id: '10000', name: 'Done' },
  { id: '10001', name: "Won't Do" },
  { id: '10002', name: 'Duplicate' },
  { id: '10003', name: 'Cannot Reproduce' },
  { id: '1', name: 'Fixed' },
  { id: '2', name: "Won't Fix" },
  { id: '4', name: 'Incomplete' },
];

/** Default issue types; Cloud and Data Center number them differently (ids as http/catalog.ts renders them). */
export const ISSUE_TYPES: readonly { name: IssueTypeName; subtask: boolean; ids: Record<DeploymentMode, string> }[] = [
  { name: 'Epic', subtask: false, ids: { cloud: '10000', datacenter: '10000' } },
  { name: 'Story', subtask: false, ids: { cloud: '10001', datacenter: '10001' } },
  { name: 'Task', subtask: false, ids: { cloud: '10002', datacenter: '3' } },
  { name: 'Bug', subtask: false, ids: { cloud: '10004', datacenter: '1' } },
  { name: 'Sub-task', subtask: true, ids: { cloud: '10003', datacenter: '5' } },
];
