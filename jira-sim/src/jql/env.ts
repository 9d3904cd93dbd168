/** What compiling one query needs to know beyond the AST: the caller, the dataset's look-ups, collected warnings. */
import type { JqlContext, SimIssue } from '../model';
import { datasetIndex, findIssue } from './dataset-index';
import type { DatasetIndex } from './dataset-index';

export interface CompileEnv {
  ctx: JqlContext;
  index: DatasetIndex;
  /** Jira answers some problems as warnings (Data Center: unknown users) and still runs the query. */
  warnings: string[];
  /** Restricted users cannot see other projects, and Jira pretends those do not exist. */
  canSeeProject: (projectKey: string) => boolean;
  findVisibleIssue: (keyOrId: string) => SimIssue | undefined;
  /** Position of the status in the instance's status list, Jira's sort order for status. */
  statusOrder: (statusId: string) => number;
}

export function createEnv(ctx: JqlContext): CompileEnv {
  const index = datasetIndex(ctx.dataset);
  const allowed = ctx.currentUser?.allowedProjectKeys;
  const allowedSet = allowed ? new Set(allowed.map((key) => key.toUpperCase())) : null;
  const canSeeProject = (projectKey: string): boolean => allowedSet === null || allowedSet.has(projectKey.toUpperCase());
  const statusPositions = new Map(ctx.dataset.statuses.map((status, position) => [status.id, position]));
  return {
    ctx,
    index,
    warnings: [],
    canSeeProject,
    findVisibleIssue: (keyOrId) => {
      const issue = findIssue(ctx.dataset, keyOrId);
      return issue && canSeeProject(issue.projectKey) ? issue : undefined;
    },
    statusOrder: (statusId) => statusPositions.get(statusId) ?? Number.MAX_SAFE_INTEGER,
  };
}
