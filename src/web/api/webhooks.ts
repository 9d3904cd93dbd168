/** A Jira connection's webhook (admin): its URL, registration through Jira's API, and a new token. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { integrationKeys } from './integrations';
import type { JiraWebhook, JiraWebhookRegistration } from '../../contract/webhooks';

export type { JiraWebhook, JiraWebhookRegistration } from '../../contract/webhooks';

const webhookKey = (connectionId: string) => [...integrationKeys.jiraConnections, connectionId, 'webhook'] as const;
const webhookPath = (connectionId: string) => `/integrations/jira/connections/${connectionId}/webhook`;

export function useJiraWebhook(connectionId: string) {
  return useQuery({ queryKey: webhookKey(connectionId), queryFn: () => api.get<JiraWebhook>(webhookPath(connectionId)) });
}

/** Registering never fails for Jira's reasons: the answer says whether it worked and what to do if not. */
export function useRegisterJiraWebhook(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<JiraWebhookRegistration>(`${webhookPath(connectionId)}/register`),
    onSuccess: (result) => queryClient.setQueryData(webhookKey(connectionId), result.webhook),
  });
}

export function useRotateJiraWebhook(connectionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<JiraWebhook>(`${webhookPath(connectionId)}/rotate`),
    onSuccess: (webhook) => queryClient.setQueryData(webhookKey(connectionId), webhook),
  });
}
