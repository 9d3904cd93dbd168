/** Teams (issue 14): read by everyone signed in (the OKR page's team filter); changed on Admin > Teams. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Team, TeamInput, TeamPatch } from './types';

export const teamKeys = {
  all: ['teams'] as const,
};

export function useTeams() {
  return useQuery({ queryKey: teamKeys.all, queryFn: () => api.get<Team[]>('/teams') });
}

/** A team's members and owners decide "My OKRs", and a deleted team leaves its objectives: refresh both. */
function useTeamWrite<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: teamKeys.all }), queryClient.invalidateQueries({ queryKey: ['objectives'] })]);
    },
  });
}

export function useCreateTeam() {
  return useTeamWrite((input: TeamInput) => api.post<Team>('/teams', input));
}

export function useUpdateTeam() {
  return useTeamWrite(({ id, ...patch }: TeamPatch & { id: string }) => api.patch<Team>(`/teams/${id}`, patch));
}

export function useDeleteTeam() {
  return useTeamWrite((id: string) => api.delete(`/teams/${id}`));
}
