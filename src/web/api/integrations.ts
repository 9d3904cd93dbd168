import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiRequest } from './client';
import type { Integration, JiraConnection, JiraConnectionInput, JiraConnectionPatch } from './types';
import type { RefreshAllResult } from './linkTypes';

export const integrationKeys = {
  all: ['integrations'] as const,
  jiraConnections: ['integrations', 'jira', 'connections'] as const,
};

const CONNECTIONS = '/integrations/jira/connections';

/** Every signed-in person may read which integrations are on (linking needs to know). */
export function useIntegrations() {
  return useQuery({ queryKey: integrationKeys.all, queryFn: () => api.get<Integration[]>('/integrations') });
}

export function useJiraIntegration() {
  const integrations = useIntegrations();
  return { ...integrations, jira: integrations.data?.find((integration) => integration.type === 'jira') };
}

export function useUpdateJiraIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: { enabled: boolean; allowLinkLocal?: boolean }) => api.put<Integration>('/integrations/jira', changes),
    // Members' connection list and linking choices depend on the toggle, so refresh everything under it.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.all }),
  });
}

/** Admins get connections in full (this hook is only used on admin pages). */
export function useJiraConnections() {
  return useQuery({ queryKey: integrationKeys.jiraConnections, queryFn: () => api.get<JiraConnection[]>(CONNECTIONS) });
}

/** Creating tests the connection against Jira first; the dialog shows Jira's reason itself, so no toast. */
export function useCreateJiraConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: JiraConnectionInput) => api.post<JiraConnection>(CONNECTIONS, input),
    meta: { quiet: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.jiraConnections }),
  });
}

export function useUpdateJiraConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: JiraConnectionPatch & { id: string }) => api.patch<JiraConnection>(`${CONNECTIONS}/${id}`, patch),
    meta: { quiet: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.jiraConnections }),
  });
}

/** Asks Jira again; the answer is the connection with its new health (a failing Jira is not an error here). */
export function useTestJiraConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<JiraConnection>(`${CONNECTIONS}/${id}/test`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.jiraConnections }),
  });
}

export function useDeleteJiraConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<{ deletedLinks: number }>('DELETE', `${CONNECTIONS}/${id}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: integrationKeys.jiraConnections });
      // Linked objectives and key results now show as disconnected.
      await queryClient.invalidateQueries({ queryKey: ['objectives'] });
    },
  });
}

/** Syncs every objective and key result linked through the connection (admin); progress changes everywhere. */
export function useRefreshAllJiraConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<RefreshAllResult>(`${CONNECTIONS}/${id}/refresh-all`),
    onSuccess: () =>
      Promise.all(
        [['objectives'], ['objective'], ['key-result'], ['integration-link'], integrationKeys.jiraConnections].map((queryKey) =>
          queryClient.invalidateQueries({ queryKey }),
        ),
      ),
  });
}
