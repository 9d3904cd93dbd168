/** The signed-in person's own account: their password and personal API tokens. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { ApiToken, CreatedApiToken, PasswordChange } from './types';

export const accountKeys = {
  tokens: ['tokens'] as const,
};

export function useMyTokens() {
  return useQuery({ queryKey: accountKeys.tokens, queryFn: () => api.get<ApiToken[]>('/tokens') });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    // Field errors show under the name field; no toast on top of that.
    meta: { quiet: true },
    mutationFn: (name: string) => api.post<CreatedApiToken>('/tokens', { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.tokens }),
  });
}

export function useDeleteToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => api.delete(`/tokens/${tokenId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.tokens }),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: (input: PasswordChange) => api.post<void>('/me/password', input),
    // The server revoked every API token of this person.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.tokens }),
  });
}
