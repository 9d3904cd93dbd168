/**
 * Jira's fixed vocabularies that the data model stores by name: status categories, priorities,
 * resolutions and issue types, with the ids real Jira uses for them. The JQL engine accepts
 * names and ids; the HTTP layer can render the same ids.
 */
import type { IssueTypeName, StatusCategory, StatusCategoryKey } from '../model';

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

/** Jira's standard resolutions with their usual ids. */
export const RESOLUTIONS = [
  { id: '10000', name: 'Done' },
  { id: '1', name: 'Fixed' },
  { id: '2', name: "Won't Fix" },
  { id: '3', name: 'Duplicate' },
  { id: '4', name: 'Incomplete' },
  { id: '5', name: 'Cannot Reproduce' },
  { id: '10001', name: "Won't Do" },
] as const;

export const ISSUE_TYPES: readonly { id: string; name: IssueTypeName; subtask: boolean; hierarchyLevel: number }[] = [
  { id: '10000', name: 'Epic', subtask: false, hierarchyLevel: 1 },
  { id: '10001', name: 'Story', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Task', subtask: false, hierarchyLevel: 0 },
  { id: '10003', name: 'Sub-task', subtask: true, hierarchyLevel: -1 },
  { id: '10004', name: 'Bug', subtask: false, hierarchyLevel: 0 },
];
