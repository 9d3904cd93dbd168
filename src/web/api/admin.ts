import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { authKeys } from './auth';
import type { ApiToken, NewUserInput, Settings, User, UserPatch } from './types';

export const adminKeys = {
  users: ['users'] as const,
  userTokens: (userId: string) => ['users', userId, 'tokens'] as const,
  settings: ['settings'] as const,
};

/** Every signed-in person may list users (owner pickers need them); only admins may change them. */
export function useUsers() {
  return useQuery({ queryKey: adminKeys.users, queryFn: () => api.get<User[]>('/users') });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewUserInput) => api.post<User>('/users', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: UserPatch & { id: string }) => api.patch<User>(`/users/${id}`, patch),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
      // Changing one's own role changes what the app may show.
      await queryClient.invalidateQueries({ queryKey: authKeys.me });
    },
  });
}

/** Any user's API tokens, for admins (the list has no secrets). */
export function useUserTokens(userId: string) {
  return useQuery({ queryKey: adminKeys.userTokens(userId), queryFn: () => api.get<ApiToken[]>(`/users/${userId}/tokens`) });
}

export function useRevokeUserToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => api.delete(`/users/${userId}/tokens/${tokenId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.userTokens(userId) }),
  });
}

export function useSettings() {
  return useQuery({ queryKey: adminKeys.settings, queryFn: () => api.get<Settings>('/settings') });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Partial<Settings>) => api.patch<Settings>('/settings', patch),
    onSuccess: async (settings) => {
      queryClient.setQueryData(adminKeys.settings, settings);
      // Statuses are computed with the thresholds (and the forecast, when it counts), so every item may have changed colour.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['objectives'] }),
        queryClient.invalidateQueries({ queryKey: ['objective'] }),
        queryClient.invalidateQueries({ queryKey: ['key-result'] }),
      ]);
    },
  });
}
