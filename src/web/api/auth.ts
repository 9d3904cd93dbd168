import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';
import type { SetupInput, SetupStatus, SignedIn, SignInInput, User } from './types';

export const authKeys = {
  setup: ['setup'] as const,
  me: ['me'] as const,
};

/**
 * Drops cached data of the previous session so the next person never sees it. The auth queries
 * stay: the gate observes them, and replacing their data is what switches the screen.
 */
function forgetEverythingButAuth(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.me[0] && query.queryKey[0] !== authKeys.setup[0] });
}

export function useSetupStatus() {
  return useQuery({ queryKey: authKeys.setup, queryFn: () => api.get<SetupStatus>('/setup') });
}

/** The signed-in user, or null when nobody is signed in (a 401 is an answer here, not an error). */
export function useMe() {
  return useQuery({
    queryKey: authKeys.me,
    queryFn: async (): Promise<User | null> => {
      try {
        return await api.get<User>('/me');
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
}

export function useSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: (input: SetupInput) => api.post<SignedIn>('/setup', input),
    onSuccess: ({ user }) => {
      queryClient.setQueryData(authKeys.setup, { needed: false });
      queryClient.setQueryData(authKeys.me, user);
    },
  });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { quiet: true },
    mutationFn: (input: SignInInput) => api.post<SignedIn>('/auth/login', input),
    onSuccess: ({ user }) => {
      forgetEverythingButAuth(queryClient);
      queryClient.setQueryData(authKeys.setup, { needed: false });
      queryClient.setQueryData(authKeys.me, user);
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      // Whether or not the server still knew the session, this person is signed out here.
      queryClient.setQueryData(authKeys.setup, { needed: false });
      queryClient.setQueryData(authKeys.me, null);
      forgetEverythingButAuth(queryClient);
    },
  });
}
