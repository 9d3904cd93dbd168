/**
 * The instance's field catalogue (what GET /field answers) and the resolution of a request's
 * `fields` parameter (`*all`, `*navigable`, lists, `-exclusions`) into the fields to render.
 */
import type { DeploymentMode, SimCustomField, SimDataset } from '../model';

export interface FieldSchema {
  type: string;
  system?: string;
  items?: string;
  custom?: string;
  customId?: number;
}

export interface FieldDefinition {
  id: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema?: FieldSchema;
}

const sys = (
  id: string,
  name: string,
  schema: FieldSchema | undefined,
  clauseNames: string[],
  flags: { navigable?: boolean; orderable?: boolean; searchable?: boolean } = {},
): FieldDefinition => ({
  id,
  name,
  custom: false,
  orderable: flags.orderable ?? true,
  navigable: flags.navigable ?? true,
  searchable: flags.searchable ?? true,
  clauseNames,
  ...(schema ? { schema } : {}),
});

/** System fields in the order Jira renders them inside `fields`. */
function systemFields(mode: DeploymentMode): FieldDefinition[] {
  const list: FieldDefinition[] = [
    sys('statuscategorychangedate', 'Status Category Changed', { type: 'datetime', system: 'statuscategorychangedate' }, ['statusCategoryChangedDate'], { orderable: false }),
    sys('issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }, ['issuetype', 'type']),
    sys('timespent', 'Time Spent', { type: 'number', system: 'timespent' }, ['timespent'], { orderable: false }),
    sys('project', 'Project', { type: 'project', system: 'project' }, ['project']),
    sys('fixVersions', 'Fix versions', { type: 'array', items: 'version', system: 'fixVersions' }, ['fixVersion']),
    sys('aggregatetimespent', 'Σ Time Spent', { type: 'number', system: 'aggregatetimespent' }, [], { orderable: false, searchable: false }),
    sys('resolution', 'Resolution', { type: 'resolution', system: 'resolution' }, ['resolution']),
    sys('resolutiondate', 'Resolved', { type: 'datetime', system: 'resolutiondate' }, ['resolutiondate', 'resolved'], { orderable: false }),
    sys('created', 'Created', { type: 'datetime', system: 'created' }, ['created', 'createdDate'], { orderable: false }),
    sys('priority', 'Priority', { type: 'priority', system: 'priority' }, ['priority']),
    sys('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }, ['labels']),
    sys('timeestimate', 'Remaining Estimate', { type: 'number', system: 'timeestimate' }, ['remainingEstimate', 'timeestimate'], { orderable: false }),
    sys('aggregatetimeoriginalestimate', 'Σ Original Estimate', { type: 'number', system: 'aggregatetimeoriginalestimate' }, [], { orderable: false, searchable: false }),
    sys('issuelinks', 'Linked Issues', { type: 'array', items: 'issuelinks', system: 'issuelinks' }, ['issueLink'], { navigable: false }),
    sys('assignee', 'Assignee', { type: 'user', system: 'assignee' }, ['assignee']),
    sys('updated', 'Updated', { type: 'datetime', system: 'updated' }, ['updated', 'updatedDate'], { orderable: false }),
    sys('status', 'Status', { type: 'status', system: 'status' }, ['status'], { orderable: false }),
    sys('components', 'Components', { type: 'array', items: 'component', system: 'components' }, ['component']),
    sys('timeoriginalestimate', 'Original estimate', { type: 'number', system: 'timeoriginalestimate' }, ['originalEstimate', 'timeoriginalestimate'], { orderable: false }),
    sys('description', 'Description', { type: 'string', system: 'description' }, ['description']),
    sys('timetracking', 'Time tracking', { type: 'timetracking', system: 'timetracking' }, [], { navigable: false, searchable: false }),
    sys('aggregatetimeestimate', 'Σ Remaining Estimate', { type: 'number', system: 'aggregatetimeestimate' }, [], { orderable: false, searchable: false }),
    sys('summary', 'Summary', { type: 'string', system: 'summary' }, ['summary']),
    sys('creator', 'Creator', { type: 'user', system: 'creator' }, ['creator']),
    sys('subtasks', 'Sub-tasks', { type: 'array', items: 'issuelinks', system: 'subtasks' }, ['subtasks'], { orderable: false }),
    sys('reporter', 'Reporter', { type: 'user', system: 'reporter' }, ['reporter']),
    sys('aggregateprogress', 'Σ Progress', { type: 'progress', system: 'aggregateprogress' }, [], { searchable: false }),
    sys('duedate', 'Due date', { type: 'date', system: 'duedate' }, ['due', 'duedate']),
    sys('progress', 'Progress', { type: 'progress', system: 'progress' }, ['progress']),
    sys('comment', 'Comment', { type: 'comments-page', system: 'comment' }, ['comment'], { navigable: false, orderable: false }),
    sys('issuekey', 'Key', undefined, ['id', 'issue', 'issuekey', 'key'], { orderable: false }),
  ];
  if (mode === 'cloud') {
    list.push(sys('parent', 'Parent', undefined, ['parent'], { orderable: false }));
  } else {
    // Data Center only exposes `parent` for sub-tasks and has no "Status Category Changed" field.
    list.splice(0, 1);
    list.push(sys('parent', 'Parent', undefined, ['parent'], { orderable: false, searchable: false }));
  }
  return list;
}

function customField(field: SimCustomField): FieldDefinition {
  return {
    id: field.id,
    name: field.name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${field.schemaCustomId}]`, field.name],
    schema: { type: field.schemaType, custom: field.schemaCustom, customId: field.schemaCustomId },
  };
}

export class FieldCatalog {
  readonly definitions: FieldDefinition[];
  readonly byId = new Map<string, FieldDefinition>();
  readonly storyPointsId: string;
  readonly epicLinkId: string | null;

  constructor(dataset: SimDataset) {
    const custom = [dataset.storyPointsField, ...dataset.extraNumberFields];
    // "Epic Link" is a Data Center field; Cloud replaced it by `parent`.
    if (dataset.mode === 'datacenter') custom.push(dataset.epicLinkField);
    this.definitions = [...systemFields(dataset.mode), ...custom.map(customField)];
    for (const def of this.definitions) this.byId.set(def.id, def);
    this.storyPointsId = dataset.storyPointsField.id;
    this.epicLinkId = dataset.mode === 'datacenter' ? dataset.epicLinkField.id : null;
  }

  /** Field ids a `*navigable` request renders (issuekey is implied by the bean itself). */
  navigableIds(): string[] {
    return this.definitions.filter((d) => d.navigable && d.id !== 'issuekey').map((d) => d.id);
  }

  allIds(): string[] {
    return this.definitions.filter((d) => d.id !== 'issuekey').map((d) => d.id);
  }

  /**
   * Resolves a `fields` parameter (comma lists, repeated values, `*all`, `*navigable`,
   * `-field`) into field ids in render order. Unknown ids are ignored, as Jira does.
   */
  resolve(requested: string[] | undefined, fallback: '*navigable' | '*all' | 'id'): ResolvedFields {
    const tokens = (requested && requested.length > 0 ? requested : [fallback])
      .flatMap((entry) => entry.split(','))
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    const include = new Set<string>();
    const exclude = new Set<string>();
    let onlyIdOrKey = true;
    for (const token of tokens) {
      if (token.startsWith('-')) {
        exclude.add(token.slice(1));
      } else if (token === '*all') {
        onlyIdOrKey = false;
        for (const id of this.allIds()) include.add(id);
      } else if (token === '*navigable') {
        onlyIdOrKey = false;
        for (const id of this.navigableIds()) include.add(id);
      } else if (token === 'id' || token === 'key' || token === 'issuekey') {
        include.add(token);
      } else {
        onlyIdOrKey = false;
        include.add(token);
      }
    }
    const ids = this.definitions.map((d) => d.id).filter((id) => include.has(id) && !exclude.has(id) && id !== 'issuekey');
    const idOnly = onlyIdOrKey && !include.has('key') && !include.has('issuekey');
    return { ids, onlyIdOrKey, idOnly, cacheKey: (idOnly ? 'ID|' : 'B|') + ids.join(',') };
  }
}

export interface ResolvedFields {
  /** Field ids to render inside `fields`, in Jira's order. */
  ids: string[];
  /** Only `id`/`key` were asked for: Cloud serves its largest pages then. */
  onlyIdOrKey: boolean;
  /** Only `id`: Cloud search answers bare `{ "id": ... }` objects. */
  idOnly: boolean;
  cacheKey: string;
}
