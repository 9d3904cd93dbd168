/** A Jira connection's webhook (admin): its URL, registration through Jira's API, and a new token. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { integrationKeys } from './integrations';

export interface JiraWebhook {
  /** The URL to register in Jira; it carries the token, so treat it like a password. */
  url: string;
  registered: boolean;
  registeredAt: string | null;
  lastDeliveryAt: string | null;
  live: boolean;
  warning: string | null;
  instructions: string;
}

export interface JiraWebhookRegistration {
  registered: boolean;
  reason: 'forbidden' | 'not_supported' | 'auth_failed' | 'unreachable' | 'rejected' | null;
  message: string;
  instructions: string | null;
  webhook: JiraWebhook;
}

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
