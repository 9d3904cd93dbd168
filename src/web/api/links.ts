/**
 * Jira links of objectives and key results: read, save (which syncs at once), unlink, refresh,
 * preview, and the item's matching issues and sync runs.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';
import { integrationKeys } from './integrations';
import type { IntegrationLink, JiraConnectionName, LinkInput, LinkIssuePage, LinkIssueQuery, LinkOwner, PreviewInput, PreviewResult, RefreshResult, SyncRun } from './linkTypes';
import type { KeyResult, Objective } from './types';

/** `/objectives/:id/integration` or `/key-results/:id/integration`: where an item's link lives in the API. */
export function basePath(owner: LinkOwner): string {
  return owner.kind === 'objective' ? `/objectives/${owner.id}/integration` : `/key-results/${owner.id}/integration`;
}

export const linkKeys = {
  all: ['integration-link'] as const,
  of: (owner: LinkOwner) => ['integration-link', owner.kind, owner.id] as const,
  runs: (owner: LinkOwner) => ['integration-link', owner.kind, owner.id, 'runs'] as const,
  // Under `of(owner)`, so a save, unlink or refresh (which invalidate it) refreshes the insight too.
  insight: (owner: LinkOwner) => ['integration-link', owner.kind, owner.id, 'insight'] as const,
  issues: (owner: LinkOwner, query: LinkIssueQuery) => ['integration-link', owner.kind, owner.id, 'issues', query] as const,
  objective: (id: string) => ['objective', id] as const,
  keyResult: (id: string) => ['key-result', id] as const,
};

/** A save, unlink or refresh changes progress everywhere it shows (rows roll up into parents). */
async function refreshAfterSync(queryClient: QueryClient, owner: LinkOwner): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['objectives'] }),
    queryClient.invalidateQueries({ queryKey: ['objective'] }),
    queryClient.invalidateQueries({ queryKey: ['key-result'] }),
    queryClient.invalidateQueries({ queryKey: linkKeys.of(owner) }),
    queryClient.invalidateQueries({ queryKey: ['check-ins'] }),
    // A connection's count of linked items changes with links.
    queryClient.invalidateQueries({ queryKey: integrationKeys.jiraConnections }),
  ]);
}

/** Ids and names of the Jira connections a member may link with (admins get more fields; this reads only these). */
export function useJiraConnectionNames() {
  return useQuery({
    queryKey: integrationKeys.jiraConnections,
    queryFn: () => api.get<JiraConnectionName[]>('/integrations/jira/connections'),
  });
}

export function useObjective(id: string, enabled = true) {
  return useQuery({ queryKey: linkKeys.objective(id), enabled, queryFn: () => api.get<Objective>(`/objectives/${id}`) });
}

export function useKeyResult(id: string) {
  return useQuery({ queryKey: linkKeys.keyResult(id), queryFn: () => api.get<KeyResult>(`/key-results/${id}`) });
}

/** The item's link in full (to edit it), or null when it has none. */
export function useLink(owner: LinkOwner, enabled = true) {
  return useQuery({
    queryKey: linkKeys.of(owner),
    enabled,
    queryFn: async (): Promise<IntegrationLink | null> => {
      try {
        return await api.get<IntegrationLink>(basePath(owner));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && error.code === 'not_found') return null;
        throw error;
      }
    },
  });
}

/** The item's sync runs, including those from before it was unlinked ([] if it never was linked). */
export function useLinkRuns(owner: LinkOwner, enabled = true) {
  return useQuery({ queryKey: linkKeys.runs(owner), enabled, queryFn: () => api.get<SyncRun[]>(`${basePath(owner)}/runs`) });
}

/** One page of the item's matching issues; the previous page stays on screen while the next one loads. */
export function useLinkIssues(owner: LinkOwner, query: LinkIssueQuery, enabled = true) {
  const params = new URLSearchParams({ limit: String(query.limit) });
  if (query.notDone) params.set('notDone', 'true');
  if (query.q !== '') params.set('q', query.q);
  if (query.cursor !== null) params.set('cursor', query.cursor);
  return useQuery({
    queryKey: linkKeys.issues(owner, query),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: () => api.get<LinkIssuePage>(`${basePath(owner)}/issues?${params.toString()}`),
  });
}

/**
 * Saves the link; the server syncs it before answering, so progress is current afterwards. The
 * dialogs say themselves what a failure means for the item they just saved, so no toast here.
 */
export function useSaveLink() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: ({ owner, input }: { owner: LinkOwner; input: LinkInput }) => api.put<IntegrationLink>(basePath(owner), input),
    onSuccess: (_link, { owner }) => refreshAfterSync(queryClient, owner),
  });
}

/** Unlinking keeps the last value; the item goes back to manual check-ins. */
export function useUnlink() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: (owner: LinkOwner) => api.delete(basePath(owner)),
    onSuccess: (_nothing, owner) => refreshAfterSync(queryClient, owner),
  });
}

/** Runs the sync now. Either way the row then shows the new progress or the sync error. */
export function useRefreshLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (owner: LinkOwner) => api.post<RefreshResult>(`${basePath(owner)}/refresh`),
    onSettled: (_result, _error, owner) => refreshAfterSync(queryClient, owner),
  });
}

/**
 * The preview's body: the link's fields and what it needs besides — the item (a saved one's period
 * and scale), or while creating, the cycle and own dates that will make its period.
 */
export type PreviewRequest = PreviewInput;
export type PreviewContext = Pick<PreviewInput, 'objectiveId' | 'keyResultId' | 'cycleId' | 'startDate' | 'endDate'>;

/** Jira's count, done count, progress and first issues for a query, without saving anything. */
export function usePreview() {
  return useMutation({
    // Invalid JQL is an answer shown under the field, not a failure worth a toast.
    meta: { quiet: true },
    mutationFn: (request: PreviewRequest) => api.post<PreviewResult>('/integrations/jira/preview', request),
  });
}
