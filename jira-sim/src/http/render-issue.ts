/**
 * Renders issues as Jira IssueBeans (`expand`, `id`, `self`, `key`, `fields`) with only the
 * requested fields. Reference values (statuses, users, issue types, projects, ...) are
 * serialised once per dataset and spliced in as strings, so a page of 100 issues costs little
 * more than its unique text and creates almost no garbage.
 */
import type { SimIssue } from '../model';
import type { SimStore } from '../store/store';
import type { InstanceCatalog } from './catalog';
import type { ResolvedFields } from './fields';
import { formatJiraDateTime, toAdf } from './format';
import { ValueRenderer, type ApiVersion } from './render-values';

const CLOUD_EXPAND = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';
const DC_EXPAND = 'operations,versionedRepresentations,editmeta,changelog,renderedFields';

export interface RenderOptions {
  fields: ResolvedFields;
  /** `expand=changelog` puts the issue's history in the bean (names/schema go on the page). */
  expandChangelog?: boolean;
}

const str = JSON.stringify;
const dateTime = (iso: string | null): string => (iso === null ? 'null' : `"${formatJiraDateTime(iso)}"`);

export class IssueRenderer {
  private valuesFor: InstanceCatalog | null = null;
  private values!: Record<ApiVersion, ValueRenderer>;
  /** Serialised reference values by API version, kind and id, valid for one dataset. */
  private fragments: Record<ApiVersion, Map<string, Map<string, string>>> = { '2': new Map(), '3': new Map() };

  constructor(
    private readonly store: SimStore,
    private readonly baseUrl: string,
  ) {}

  /** Value renderers for the loaded dataset (a scenario load replaces the catalog). */
  valueRenderer(apiVersion: ApiVersion): ValueRenderer {
    if (this.valuesFor !== this.store.catalog) {
      const catalog = this.store.catalog;
      this.values = { '2': new ValueRenderer(catalog, this.baseUrl, '2'), '3': new ValueRenderer(catalog, this.baseUrl, '3') };
      this.fragments = { '2': new Map(), '3': new Map() };
      this.valuesFor = catalog;
    }
    return this.values[apiVersion];
  }

  /** Serialised IssueBean. */
  bean(issue: SimIssue, apiVersion: ApiVersion, options: RenderOptions): string {
    if (options.fields.idOnly) return `{"id":${str(issue.id)}}`;
    const v = this.valueRenderer(apiVersion);
    const parts: string[] = [];
    for (const id of options.fields.ids) {
      const value = this.fieldJson(issue, id, v, apiVersion);
      if (value !== undefined) parts.push(`"${id}":${value}`);
    }
    const expand = this.store.catalog.mode === 'cloud' ? CLOUD_EXPAND : DC_EXPAND;
    const changelog = options.expandChangelog ? `"changelog":${str(v.changelog(this.store.changelog(issue.id)))},` : '';
    return (
      `{"expand":"${expand}","id":${str(issue.id)},"self":${str(v.issueSelf(issue.id))},"key":${str(issue.key)},` +
      `${changelog}"fields":{${parts.join(',')}}}`
    );
  }

  /** The bean as an object (for webhook payloads). */
  beanObject(issue: SimIssue, apiVersion: ApiVersion, options: RenderOptions): Record<string, unknown> {
    return JSON.parse(this.bean(issue, apiVersion, options)) as Record<string, unknown>;
  }

  private fragment(apiVersion: ApiVersion, kind: string, id: string, build: () => unknown): string {
    // Nested maps: looking a value up must not allocate a composite key string per field.
    const tables = this.fragments[apiVersion];
    let byId = tables.get(kind);
    if (!byId) {
      byId = new Map();
      tables.set(kind, byId);
    }
    let json = byId.get(id);
    if (json === undefined) {
      json = str(build());
      byId.set(id, json);
    }
    return json;
  }

  private user(v: ValueRenderer, accountId: string | null): string {
    if (accountId === null) return 'null';
    return this.fragment(v.apiVersion, 'user', accountId, () => v.userById(accountId));
  }

  private status(v: ValueRenderer, statusId: string): string {
    return this.fragment(v.apiVersion, 'status', statusId, () => v.status(statusId));
  }

  private issueType(v: ValueRenderer, issue: SimIssue): string {
    return this.fragment(v.apiVersion, 'issuetype', issue.issueType, () => v.issueType(issue.issueType));
  }

  private priority(v: ValueRenderer, name: string | null): string {
    return name === null ? 'null' : this.fragment(v.apiVersion, 'priority', name, () => v.priority(name));
  }

  /** The compact issue Jira nests in `parent` and `subtasks`. */
  private issueLink(v: ValueRenderer, linked: SimIssue): string {
    return (
      `{"id":${str(linked.id)},"key":${str(linked.key)},"self":${str(v.issueSelf(linked.id))},"fields":{` +
      `"summary":${str(linked.summary)},"status":${this.status(v, linked.statusId)},` +
      `"priority":${this.priority(v, linked.priority)},"issuetype":${this.issueType(v, linked)}}}`
    );
  }

  /** A field's value as JSON, or undefined when this issue doesn't have the field at all. */
  private fieldJson(issue: SimIssue, id: string, v: ValueRenderer, apiVersion: ApiVersion): string | undefined {
    switch (id) {
      case 'summary':
        return str(issue.summary);
      case 'description':
        return issue.description === null ? 'null' : str(apiVersion === '3' ? toAdf(issue.description) : issue.description);
      case 'status':
        return this.status(v, issue.statusId);
      case 'issuetype':
        return this.issueType(v, issue);
      case 'project':
        return this.fragment(apiVersion, 'project', issue.projectKey, () => v.project(issue.projectKey));
      case 'assignee':
        return this.user(v, issue.assigneeAccountId);
      case 'reporter':
      case 'creator':
        return this.user(v, issue.reporterAccountId);
      case 'priority':
        return this.priority(v, issue.priority);
      case 'resolution': {
        const name = issue.resolution;
        return name === null ? 'null' : this.fragment(apiVersion, 'resolution', name, () => v.resolution(name));
      }
      case 'resolutiondate':
        return dateTime(issue.resolutionDate);
      case 'created':
        return dateTime(issue.created);
      case 'updated':
        return dateTime(issue.updated);
      case 'statuscategorychangedate':
        return dateTime(this.statusCategoryChanged(issue));
      case 'duedate':
        return str(issue.dueDate);
      case 'labels':
        return str(issue.labels);
      case 'components':
        return str(v.components(issue));
      case 'fixVersions':
        return str(v.versions(issue));
      case 'issuelinks':
        return '[]';
      case 'comment':
        return `{"comments":[],"self":${str(`${v.issueSelf(issue.id)}/comment`)},"maxResults":0,"total":0,"startAt":0}`;
      case 'subtasks':
        return `[${this.store.subtasksOf(issue.key).map((sub) => this.issueLink(v, sub)).join(',')}]`;
      case 'parent': {
        // Data Center shows `parent` only on sub-tasks; epics there go through "Epic Link".
        if (!issue.parentKey) return undefined;
        if (this.store.catalog.mode === 'datacenter' && issue.issueType !== 'Sub-task') return undefined;
        const parent = this.store.get(issue.parentKey);
        return parent ? this.issueLink(v, parent) : undefined;
      }
      case 'timetracking':
        return str(v.timetracking(issue.originalEstimateSeconds, issue.remainingEstimateSeconds, issue.timeSpentSeconds));
      case 'timeoriginalestimate':
        return str(issue.originalEstimateSeconds);
      case 'timeestimate':
        return str(issue.remainingEstimateSeconds);
      case 'timespent':
        return str(issue.timeSpentSeconds);
      case 'aggregatetimeoriginalestimate':
        return str(this.aggregate(issue, (i) => i.originalEstimateSeconds));
      case 'aggregatetimeestimate':
        return str(this.aggregate(issue, (i) => i.remainingEstimateSeconds));
      case 'aggregatetimespent':
        return str(this.aggregate(issue, (i) => i.timeSpentSeconds));
      case 'progress':
        return str(v.progress(issue.timeSpentSeconds, issue.remainingEstimateSeconds));
      case 'aggregateprogress':
        return str(
          v.progress(
            this.aggregate(issue, (i) => i.timeSpentSeconds),
            this.aggregate(issue, (i) => i.remainingEstimateSeconds),
          ),
        );
      default:
        return this.customJson(issue, id);
    }
  }

  private customJson(issue: SimIssue, id: string): string | undefined {
    const fields = this.store.fields;
    if (id === fields.storyPointsId) return str(issue.storyPoints);
    if (id === fields.epicLinkId) return str(issue.epicLinkKey);
    if (fields.byId.has(id)) return str(issue.customNumbers[id] ?? null);
    return undefined;
  }

  /** Jira's Σ fields: the issue's own value plus its sub-tasks', null when none has one. */
  private aggregate(issue: SimIssue, pick: (i: SimIssue) => number | null): number | null {
    let total: number | null = pick(issue);
    for (const sub of this.store.subtasksOf(issue.key)) {
      const value = pick(sub);
      if (value !== null) total = (total ?? 0) + value;
    }
    return total;
  }

  /** Stored by the store's writes; a dataset that didn't say shows when the issue got done, else created. */
  private statusCategoryChanged(issue: SimIssue): string {
    if (issue.statusCategoryChangedAt !== undefined) return issue.statusCategoryChangedAt;
    const done = this.store.catalog.statusesById.get(issue.statusId)?.categoryKey === 'done';
    return done && issue.resolutionDate !== null ? issue.resolutionDate : issue.created;
  }
}
