/** What compiling one query needs to know beyond the AST: the caller, the dataset's look-ups, collected warnings. */
import type { JqlContext, SimIssue } from '../model';
import { datasetIndex, findIssues } from './dataset-index';
import type { DatasetIndex } from './dataset-index';

export interface CompileEnv {
  ctx: JqlContext;
  index: DatasetIndex;
  /** Jira answers some problems as warnings (Data Center: unknown users) and still runs the query. */
  warnings: string[];
  /** Restricted users cannot see other projects, and Jira pretends those do not exist. */
  canSeeProject: (projectKey: string) => boolean;
  findVisibleIssue: (keyOrId: string) => SimIssue | undefined;
  /** Looks up all the keys/ids a clause names in one pass, ahead of findVisibleIssue. */
  prefetchIssues: (keysOrIds: readonly string[]) => void;
  /** Position of the status in the instance's status list, Jira's sort order for status. */
  statusOrder: (statusId: string) => number;
}

export function createEnv(ctx: JqlContext): CompileEnv {
  const index = datasetIndex(ctx.dataset);
  const allowed = ctx.currentUser?.allowedProjectKeys;
  const allowedSet = allowed ? new Set(allowed.map((key) => key.toUpperCase())) : null;
  const canSeeProject = (projectKey: string): boolean => allowedSet === null || allowedSet.has(projectKey.toUpperCase());
  const statusPositions = new Map(ctx.dataset.statuses.map((status, position) => [status.id, position]));
  const issues = new Map<string, SimIssue | null>();
  const prefetchIssues = (refs: readonly string[]): void => {
    const missing = refs.map((ref) => ref.trim().toUpperCase()).filter((ref) => !issues.has(ref));
    if (missing.length === 0) return;
    const found = findIssues(ctx.dataset, missing);
    for (const ref of missing) issues.set(ref, found.get(ref) ?? null);
  };
  return {
    ctx,
    index,
    warnings: [],
    canSeeProject,
    findVisibleIssue: (keyOrId) => {
      prefetchIssues([keyOrId]);
      const issue = issues.get(keyOrId.trim().toUpperCase());
      return issue && canSeeProject(issue.projectKey) ? issue : undefined;
    },
    prefetchIssues,
    statusOrder: (statusId) => statusPositions.get(statusId) ?? Number.MAX_SAFE_INTEGER,
  };
}
