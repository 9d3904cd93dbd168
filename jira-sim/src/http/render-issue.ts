/**
 * Renders issues as Jira IssueBeans (`expand`, `id`, `self`, `key`, `fields`) with only the
 * requested fields, caching the serialised JSON per issue and field set: a warm search page
 * is a string concatenation.
 */
import type { SimIssue } from '../model';
import type { SimStore } from '../store/store';
import type { InstanceCatalog } from './catalog';
import type { ResolvedFields } from './fields';
import { toAdf } from './format';
import { ValueRenderer, type ApiVersion } from './render-values';

const CLOUD_EXPAND = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';
const DC_EXPAND = 'operations,versionedRepresentations,editmeta,changelog,renderedFields';
/** Rendered beans kept before the cache starts over (bounds memory on 200,000-issue datasets). */
const MAX_CACHED_BEANS = 150_000;

export interface RenderOptions {
  fields: ResolvedFields;
  /** `expand` values; only `changelog` changes the bean itself (names/schema go on the page). */
  expandChangelog?: boolean;
}

export class IssueRenderer {
  private cache = new WeakMap<SimIssue, Map<string, string>>();
  private cachedCount = 0;
  private cacheVersion = -1;
  private valuesFor: InstanceCatalog | null = null;
  private values!: Record<ApiVersion, ValueRenderer>;

  constructor(
    private readonly store: SimStore,
    private readonly baseUrl: string,
  ) {}

  /** Value renderers for the loaded dataset (a scenario load replaces the catalog). */
  valueRenderer(apiVersion: ApiVersion): ValueRenderer {
    if (this.valuesFor !== this.store.catalog) {
      const catalog = this.store.catalog;
      this.values = { '2': new ValueRenderer(catalog, this.baseUrl, '2'), '3': new ValueRenderer(catalog, this.baseUrl, '3') };
      this.valuesFor = catalog;
    }
    return this.values[apiVersion];
  }

  /** Serialised IssueBean. */
  bean(issue: SimIssue, apiVersion: ApiVersion, options: RenderOptions): string {
    // Parents and sub-tasks are embedded, so any write may change another issue's rendering.
    if (this.cacheVersion !== this.store.version || this.cachedCount > MAX_CACHED_BEANS) {
      this.cache = new WeakMap();
      this.cachedCount = 0;
      this.cacheVersion = this.store.version;
    }
    const cacheKey = `${apiVersion}|${options.expandChangelog ? 'C' : ''}|${options.fields.cacheKey}`;
    let perIssue = this.cache.get(issue);
    const hit = perIssue?.get(cacheKey);
    if (hit !== undefined) return hit;
    const json = JSON.stringify(this.beanObject(issue, apiVersion, options));
    if (!perIssue) {
      perIssue = new Map();
      this.cache.set(issue, perIssue);
    }
    perIssue.set(cacheKey, json);
    this.cachedCount++;
    return json;
  }

  beanObject(issue: SimIssue, apiVersion: ApiVersion, options: RenderOptions): Record<string, unknown> {
    const v = this.valueRenderer(apiVersion);
    if (options.fields.idOnly) return { id: issue.id };
    const bean: Record<string, unknown> = {
      expand: this.store.catalog.mode === 'cloud' ? CLOUD_EXPAND : DC_EXPAND,
      id: issue.id,
      self: v.issueSelf(issue.id),
      key: issue.key,
    };
    if (options.expandChangelog) bean.changelog = v.changelog(this.store.changelog(issue.id));
    const fields: Record<string, unknown> = {};
    for (const id of options.fields.ids) {
      const value = this.fieldValue(issue, id, v, apiVersion);
      if (value !== undefined) fields[id] = value;
    }
    bean.fields = fields;
    return bean;
  }

  /** A field's value, or undefined when this issue doesn't have the field at all. */
  private fieldValue(issue: SimIssue, id: string, v: ValueRenderer, apiVersion: ApiVersion): unknown {
    switch (id) {
      case 'summary':
        return issue.summary;
      case 'description':
        return issue.description === null ? null : apiVersion === '3' ? toAdf(issue.description) : issue.description;
      case 'status':
        return v.status(issue.statusId);
      case 'issuetype':
        return v.issueType(issue.issueType);
      case 'project':
        return v.project(issue.projectKey);
      case 'assignee':
        return v.userById(issue.assigneeAccountId);
      case 'reporter':
      case 'creator':
        return v.userById(issue.reporterAccountId);
      case 'priority':
        return v.priority(issue.priority);
      case 'resolution':
        return v.resolution(issue.resolution);
      case 'resolutiondate':
        return v.dateTime(issue.resolutionDate);
      case 'created':
        return v.dateTime(issue.created);
      case 'updated':
        return v.dateTime(issue.updated);
      case 'statuscategorychangedate':
        return v.dateTime(this.statusCategoryChanged(issue));
      case 'duedate':
        return issue.dueDate;
      case 'labels':
        return issue.labels;
      case 'components':
        return v.components(issue);
      case 'fixVersions':
        return v.versions(issue);
      case 'issuelinks':
        return [];
      case 'comment':
        return { comments: [], self: `${v.issueSelf(issue.id)}/comment`, maxResults: 0, total: 0, startAt: 0 };
      case 'subtasks':
        return this.store.subtasksOf(issue.key).map((sub) => v.issueLink(sub));
      case 'parent': {
        // Data Center shows `parent` only on sub-tasks; epics there go through "Epic Link".
        if (!issue.parentKey) return undefined;
        if (this.store.catalog.mode === 'datacenter' && issue.issueType !== 'Sub-task') return undefined;
        const parent = this.store.get(issue.parentKey);
        return parent ? v.issueLink(parent) : undefined;
      }
      case 'timetracking':
        return v.timetracking(issue.originalEstimateSeconds, issue.remainingEstimateSeconds, issue.timeSpentSeconds);
      case 'timeoriginalestimate':
        return issue.originalEstimateSeconds;
      case 'timeestimate':
        return issue.remainingEstimateSeconds;
      case 'timespent':
        return issue.timeSpentSeconds;
      case 'aggregatetimeoriginalestimate':
        return this.aggregate(issue, (i) => i.originalEstimateSeconds);
      case 'aggregatetimeestimate':
        return this.aggregate(issue, (i) => i.remainingEstimateSeconds);
      case 'aggregatetimespent':
        return this.aggregate(issue, (i) => i.timeSpentSeconds);
      case 'progress':
        return v.progress(issue.timeSpentSeconds, issue.remainingEstimateSeconds);
      case 'aggregateprogress':
        return v.progress(
          this.aggregate(issue, (i) => i.timeSpentSeconds),
          this.aggregate(issue, (i) => i.remainingEstimateSeconds),
        );
      default:
        return this.customValue(issue, id);
    }
  }

  private customValue(issue: SimIssue, id: string): unknown {
    const fields = this.store.fields;
    if (id === fields.storyPointsId) return issue.storyPoints;
    if (id === fields.epicLinkId) return issue.epicLinkKey;
    if (fields.byId.has(id)) return issue.customNumbers[id] ?? null;
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

  private statusCategoryChanged(issue: SimIssue): string {
    const history = this.store.changelog(issue.id);
    for (let i = history.length - 1; i >= 0; i--) {
      if (history[i]!.items.some((item) => item.fieldId === 'status')) return history[i]!.created;
    }
    return issue.resolutionDate ?? issue.created;
  }
}
