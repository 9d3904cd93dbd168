/**
 * Reference data of one simulated instance (status categories, issue types, priorities,
 * resolutions, users, projects) with the ids real Jira uses, indexed for fast rendering.
 */
import type {
  DeploymentMode,
  IssueTypeName,
  SimDataset,
  SimProject,
  SimStatus,
  SimUser,
  StatusCategory,
  StatusCategoryKey,
} from '../model';

export const STATUS_CATEGORIES: readonly StatusCategory[] = [
  { id: 1, key: 'undefined', name: 'No Category', colorName: 'medium-gray' },
  { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  { id: 3, key: 'done', name: 'Done', colorName: 'green' },
];

export const categoryByKey = new Map<StatusCategoryKey, StatusCategory>(STATUS_CATEGORIES.map((c) => [c.key, c]));

interface IssueTypeInfo {
  id: string;
  description: string;
  subtask: boolean;
  avatarId: number;
  hierarchyLevel: number;
}

/** Cloud and Data Center number the default issue types differently. */
const ISSUE_TYPES: Record<DeploymentMode, Record<IssueTypeName, IssueTypeInfo>> = {
  cloud: {
    Epic: { id: '10000', description: 'Epics track collections of related bugs, stories, and tasks.', subtask: false, avatarId: 10307, hierarchyLevel: 1 },
    Story: { id: '10001', description: 'Stories track functionality or features expressed as user goals.', subtask: false, avatarId: 10315, hierarchyLevel: 0 },
    Task: { id: '10002', description: 'Tasks track small, distinct pieces of work.', subtask: false, avatarId: 10318, hierarchyLevel: 0 },
    Bug: { id: '10004', description: 'Bugs track problems or errors.', subtask: false, avatarId: 10303, hierarchyLevel: 0 },
    'Sub-task': { id: '10003', description: 'Subtasks track small pieces of work that are part of a larger task.', subtask: true, avatarId: 10316, hierarchyLevel: -1 },
  },
  datacenter: {
    Bug: { id: '1', description: 'A problem which impairs or prevents the functions of the product.', subtask: false, avatarId: 10303, hierarchyLevel: 0 },
    Task: { id: '3', description: 'A task that needs to be done.', subtask: false, avatarId: 10318, hierarchyLevel: 0 },
    'Sub-task': { id: '5', description: 'The sub-task of the issue', subtask: true, avatarId: 10316, hierarchyLevel: -1 },
    Epic: { id: '10000', description: 'Created by Jira Software - do not edit or delete. Issue type for a big user story that needs to be broken down.', subtask: false, avatarId: 10307, hierarchyLevel: 1 },
    Story: { id: '10001', description: 'Created by Jira Software - do not edit or delete. Issue type for a user story.', subtask: false, avatarId: 10315, hierarchyLevel: 0 },
  },
};

const PRIORITY_IDS: Record<string, string> = { Highest: '1', High: '2', Medium: '3', Low: '4', Lowest: '5' };

const RESOLUTIONS: Record<string, { id: string; description: string }> = {
  Done: { id: '10000', description: 'Work has been completed on this issue.' },
  "Won't Do": { id: '10001', description: 'This issue won\'t be actioned.' },
  Duplicate: { id: '10002', description: 'The problem is a duplicate of an existing issue.' },
  'Cannot Reproduce': { id: '10003', description: 'All attempts at reproducing this issue failed.' },
  Fixed: { id: '1', description: 'A fix for this issue is checked into the tree and tested.' },
};

/** Stable numeric id for names the reference tables don't know (e.g. custom resolutions). */
function hashedId(name: string, base: number): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return String(base + (h % 89_999));
}

export class InstanceCatalog {
  readonly mode: DeploymentMode;
  readonly statusesById = new Map<string, SimStatus>();
  readonly statusesByName = new Map<string, SimStatus>();
  readonly usersByAccountId = new Map<string, SimUser>();
  readonly usersByLogin = new Map<string, SimUser>();
  readonly usersByEmail = new Map<string, SimUser>();
  readonly usersByToken = new Map<string, SimUser>();
  readonly projectsByKey = new Map<string, SimProject>();
  private readonly projectIndex = new Map<string, number>();

  constructor(readonly dataset: SimDataset) {
    this.mode = dataset.mode;
    for (const status of dataset.statuses) {
      this.statusesById.set(status.id, status);
      this.statusesByName.set(status.name.toLowerCase(), status);
    }
    for (const user of dataset.users) {
      this.usersByAccountId.set(user.accountId, user);
      this.usersByLogin.set(user.name.toLowerCase(), user);
      this.usersByEmail.set(user.emailAddress.toLowerCase(), user);
      for (const token of user.personalAccessTokens) this.usersByToken.set(token, user);
    }
    dataset.projects.forEach((project, index) => {
      this.projectsByKey.set(project.key, project);
      this.projectIndex.set(project.key, index);
    });
  }

  issueType(name: IssueTypeName): IssueTypeInfo {
    return ISSUE_TYPES[this.mode][name];
  }

  priorityId(name: string): string {
    return PRIORITY_IDS[name] ?? hashedId(name, 10_000);
  }

  resolution(name: string): { id: string; description: string } {
    return RESOLUTIONS[name] ?? { id: hashedId(name, 10_100), description: '' };
  }

  componentId(projectKey: string, name: string): string {
    const project = this.projectsByKey.get(projectKey);
    const index = project?.components.indexOf(name) ?? -1;
    if (index < 0) return hashedId(`${projectKey}/${name}`, 20_000);
    return String(10_000 + (this.projectIndex.get(projectKey) ?? 0) * 100 + index);
  }

  versionId(projectKey: string, name: string): string {
    const project = this.projectsByKey.get(projectKey);
    const index = project?.versions.indexOf(name) ?? -1;
    if (index < 0) return hashedId(`${projectKey}/${name}`, 30_000);
    return String(10_000 + (this.projectIndex.get(projectKey) ?? 0) * 100 + index);
  }
}
