/**
 * Turns two versions of an issue into Jira changelog items, so webhooks and `expand=changelog`
 * say what changed the way Jira does.
 */
import type { SimDataset, SimIssue } from '../model';
import type { ChangelogItem } from './changes';

type Stringify = (value: unknown) => string | null;

const plain: Stringify = (value) => (value === null || value === undefined ? null : String(value));
const list: Stringify = (value) => (Array.isArray(value) && value.length > 0 ? value.join(' ') : null);

export function diffIssues(before: SimIssue, after: SimIssue, dataset: SimDataset): ChangelogItem[] {
  const items: ChangelogItem[] = [];
  const statusName = (id: string): string | null => dataset.statuses.find((s) => s.id === id)?.name ?? null;
  const userName = (accountId: string | null): string | null =>
    accountId === null ? null : dataset.users.find((u) => u.accountId === accountId)?.displayName ?? accountId;
  const userRef = (accountId: string | null): string | null => {
    if (accountId === null) return null;
    if (dataset.mode === 'cloud') return accountId;
    return dataset.users.find((u) => u.accountId === accountId)?.key ?? accountId;
  };

  const push = (
    field: string,
    fieldId: string,
    from: string | null,
    fromString: string | null,
    to: string | null,
    toString: string | null,
    fieldtype: 'jira' | 'custom' = 'jira',
  ): void => {
    items.push({ field, fieldtype, fieldId, from, fromString, to, toString });
  };

  if (before.statusId !== after.statusId) {
    push('status', 'status', before.statusId, statusName(before.statusId), after.statusId, statusName(after.statusId));
  }
  if (before.resolution !== after.resolution) {
    push('resolution', 'resolution', null, before.resolution, null, after.resolution);
  }
  if (before.assigneeAccountId !== after.assigneeAccountId) {
    push('assignee', 'assignee', userRef(before.assigneeAccountId), userName(before.assigneeAccountId), userRef(after.assigneeAccountId), userName(after.assigneeAccountId));
  }
  if (before.reporterAccountId !== after.reporterAccountId) {
    push('reporter', 'reporter', userRef(before.reporterAccountId), userName(before.reporterAccountId), userRef(after.reporterAccountId), userName(after.reporterAccountId));
  }
  const simple: Array<[keyof SimIssue, string, string, Stringify]> = [
    ['summary', 'summary', 'summary', plain],
    ['description', 'description', 'description', plain],
    ['priority', 'priority', 'priority', plain],
    ['issueType', 'issuetype', 'issuetype', plain],
    ['dueDate', 'duedate', 'duedate', plain],
    ['labels', 'labels', 'labels', list],
    ['components', 'Component', 'components', list],
    ['fixVersions', 'Fix Version', 'fixVersions', list],
    ['timeSpentSeconds', 'timespent', 'timespent', plain],
    ['originalEstimateSeconds', 'timeoriginalestimate', 'timeoriginalestimate', plain],
    ['remainingEstimateSeconds', 'timeestimate', 'timeestimate', plain],
  ];
  for (const [prop, field, fieldId, toText] of simple) {
    const from = toText(before[prop]);
    const to = toText(after[prop]);
    if (from !== to) push(field, fieldId, null, from, null, to);
  }
  if (before.parentKey !== after.parentKey) {
    push(dataset.mode === 'cloud' ? 'IssueParentAssociation' : 'Parent', 'parent', null, before.parentKey, null, after.parentKey);
  }
  if (before.epicLinkKey !== after.epicLinkKey) {
    push('Epic Link', dataset.epicLinkField.id, null, before.epicLinkKey, null, after.epicLinkKey, 'custom');
  }
  if (before.storyPoints !== after.storyPoints) {
    const field = dataset.storyPointsField;
    push(field.name, field.id, null, plain(before.storyPoints), null, plain(after.storyPoints), 'custom');
  }
  return items;
}
