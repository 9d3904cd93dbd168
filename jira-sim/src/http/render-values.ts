/**
 * Renders the pieces of an issue (users, statuses, projects, ...) in the JSON shapes Jira
 * uses for each deployment mode and REST version.
 */
import type { IssueTypeName, SimIssue, SimUser } from '../model';
import type { ChangelogEntry } from '../store/changes';
import { categoryByKey, type InstanceCatalog } from './catalog';
import { formatJiraDateTime, formatJiraDuration } from './format';

export type ApiVersion = '2' | '3';

export class ValueRenderer {
  constructor(
    readonly catalog: InstanceCatalog,
    readonly baseUrl: string,
    readonly apiVersion: ApiVersion,
  ) {}

  private get api(): string {
    return `${this.baseUrl}/rest/api/${this.apiVersion}`;
  }

  avatarUrls(kind: 'user' | 'project', ownerId: string): Record<string, string> {
    const path = kind === 'user' ? 'secure/useravatar' : 'secure/projectavatar';
    const urls: Record<string, string> = {};
    for (const size of ['48x48', '24x24', '16x16', '32x32']) {
      urls[size] = `${this.baseUrl}/${path}?size=${size}&ownerId=${encodeURIComponent(ownerId)}`;
    }
    return urls;
  }

  user(user: SimUser): Record<string, unknown> {
    if (this.catalog.mode === 'cloud') {
      return {
        self: `${this.api}/user?accountId=${encodeURIComponent(user.accountId)}`,
        accountId: user.accountId,
        emailAddress: user.emailAddress,
        avatarUrls: this.avatarUrls('user', user.accountId),
        displayName: user.displayName,
        active: user.active,
        timeZone: 'UTC',
        accountType: 'atlassian',
      };
    }
    return {
      self: `${this.api}/user?username=${encodeURIComponent(user.name)}`,
      name: user.name,
      key: user.key,
      emailAddress: user.emailAddress,
      avatarUrls: this.avatarUrls('user', user.key),
      displayName: user.displayName,
      active: user.active,
      timeZone: 'UTC',
    };
  }

  userById(accountId: string | null): Record<string, unknown> | null {
    if (accountId === null) return null;
    const user = this.catalog.usersByAccountId.get(accountId);
    return user ? this.user(user) : null;
  }

  statusCategory(key: string): Record<string, unknown> {
    const category = categoryByKey.get(key as never) ?? categoryByKey.get('undefined')!;
    return {
      self: `${this.api}/statuscategory/${category.id}`,
      id: category.id,
      key: category.key,
      colorName: category.colorName,
      name: category.name,
    };
  }

  status(statusId: string): Record<string, unknown> {
    const status = this.catalog.statusesById.get(statusId);
    return {
      self: `${this.api}/status/${statusId}`,
      description: '',
      iconUrl: `${this.baseUrl}/`,
      name: status?.name ?? 'Unknown',
      id: statusId,
      statusCategory: this.statusCategory(status?.categoryKey ?? 'undefined'),
    };
  }

  issueType(name: IssueTypeName): Record<string, unknown> {
    const info = this.catalog.issueType(name);
    const rendered: Record<string, unknown> = {
      self: `${this.api}/issuetype/${info.id}`,
      id: info.id,
      description: info.description,
      iconUrl: `${this.baseUrl}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${info.avatarId}?size=medium`,
      name,
      subtask: info.subtask,
      avatarId: info.avatarId,
    };
    if (this.catalog.mode === 'cloud') rendered.hierarchyLevel = info.hierarchyLevel;
    return rendered;
  }

  project(projectKey: string): Record<string, unknown> {
    const project = this.catalog.projectsByKey.get(projectKey);
    const id = project?.id ?? '0';
    const rendered: Record<string, unknown> = {
      self: `${this.api}/project/${id}`,
      id,
      key: projectKey,
      name: project?.name ?? projectKey,
      projectTypeKey: 'software',
    };
    if (this.catalog.mode === 'cloud') rendered.simplified = false;
    rendered.avatarUrls = this.avatarUrls('project', id);
    return rendered;
  }

  priority(name: string | null): Record<string, unknown> | null {
    if (name === null) return null;
    const id = this.catalog.priorityId(name);
    return {
      self: `${this.api}/priority/${id}`,
      iconUrl: `${this.baseUrl}/images/icons/priorities/${name.toLowerCase()}.svg`,
      name,
      id,
    };
  }

  resolution(name: string | null): Record<string, unknown> | null {
    if (name === null) return null;
    const { id, description } = this.catalog.resolution(name);
    return { self: `${this.api}/resolution/${id}`, id, description, name };
  }

  components(issue: SimIssue): Record<string, unknown>[] {
    return issue.components.map((name) => {
      const id = this.catalog.componentId(issue.projectKey, name);
      return { self: `${this.api}/component/${id}`, id, name };
    });
  }

  versions(issue: SimIssue): Record<string, unknown>[] {
    return issue.fixVersions.map((name) => {
      const id = this.catalog.versionId(issue.projectKey, name);
      return { self: `${this.api}/version/${id}`, id, description: '', name, archived: false, released: false };
    });
  }

  dateTime(iso: string | null): string | null {
    return iso === null ? null : formatJiraDateTime(iso);
  }

  issueSelf(id: string): string {
    return `${this.api}/issue/${id}`;
  }

  /** The compact issue Jira nests in `parent` and `subtasks`. */
  issueLink(issue: SimIssue): Record<string, unknown> {
    return {
      id: issue.id,
      key: issue.key,
      self: this.issueSelf(issue.id),
      fields: {
        summary: issue.summary,
        status: this.status(issue.statusId),
        priority: this.priority(issue.priority),
        issuetype: this.issueType(issue.issueType),
      },
    };
  }

  timetracking(original: number | null, remaining: number | null, spent: number | null): Record<string, unknown> {
    const tracking: Record<string, unknown> = {};
    if (original !== null) tracking.originalEstimate = formatJiraDuration(original);
    if (remaining !== null) tracking.remainingEstimate = formatJiraDuration(remaining);
    if (spent !== null) tracking.timeSpent = formatJiraDuration(spent);
    if (original !== null) tracking.originalEstimateSeconds = original;
    if (remaining !== null) tracking.remainingEstimateSeconds = remaining;
    if (spent !== null) tracking.timeSpentSeconds = spent;
    return tracking;
  }

  progress(spent: number | null, remaining: number | null): Record<string, unknown> {
    const progress = spent ?? 0;
    const total = progress + (remaining ?? 0);
    return total > 0 ? { progress, total, percent: Math.round((progress / total) * 100) } : { progress, total };
  }

  /**
   * `expand=changelog`. Null from/to values are left out: Atlassian's schema types them as
   * plain strings, and clients must treat a missing value as empty anyway.
   */
  changelog(entries: readonly ChangelogEntry[]): Record<string, unknown> {
    const histories = [...entries].reverse().map((entry) => ({
      id: entry.id,
      ...(entry.author ? { author: this.user(entry.author) } : {}),
      created: formatJiraDateTime(entry.created),
      items: entry.items.map((item) => Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null))),
    }));
    return { startAt: 0, maxResults: histories.length, total: histories.length, histories };
  }
}
