/** Teams (issue 14): read by everyone signed in, for the OKR page's team filter. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Team } from './types';

export const teamKeys = {
  all: ['teams'] as const,
};

export function useTeams() {
  return useQuery({ queryKey: teamKeys.all, queryFn: () => api.get<Team[]>('/teams') });
}
