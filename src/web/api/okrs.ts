import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { CheckIn, CheckInInput, Comment, Cycle, CycleInput, KeyResult, KeyResultInput, Objective, ObjectiveInput } from './types';

export const okrKeys = {
  cycles: ['cycles'] as const,
  objectives: (cycleId: string) => ['objectives', cycleId] as const,
  /** Under `objectives(cycleId)`, so every write that refreshes a cycle's list refreshes its filtered lists too. */
  filteredObjectives: (cycleId: string, filter: ObjectiveFilter) => ['objectives', cycleId, 'filtered', filter.teamId ?? '', filter.mine] as const,
  allObjectives: ['objectives'] as const,
  keyResultCheckIns: (keyResultId: string) => ['check-ins', 'key-result', keyResultId] as const,
  objectiveCheckIns: (objectiveId: string) => ['check-ins', 'objective', objectiveId] as const,
  comments: (kind: 'objective' | 'keyResult', id: string) => ['comments', kind, id] as const,
};

export function useCycles() {
  return useQuery({ queryKey: okrKeys.cycles, queryFn: fetchCycles });
}

/** The fetchers the OKR page's queries use, shared with its prefetch (api/okrPagePrefetch.ts). */
export const fetchCycles = () => api.get<Cycle[]>('/cycles');
export const fetchObjectives = (cycleId: string) => api.get<Objective[]>(`/objectives?cycleId=${encodeURIComponent(cycleId)}`);

/** The OKR page's filter: one team's objectives, and/or only the caller's ("My OKRs": owned, or of the caller's teams). */
export interface ObjectiveFilter {
  teamId: string | null;
  mine: boolean;
}

export const isFiltered = (filter: ObjectiveFilter) => filter.teamId !== null || filter.mine;

function filteredObjectivesPath(cycleId: string, filter: ObjectiveFilter): string {
  const query = new URLSearchParams({ cycleId });
  if (filter.teamId !== null) query.set('teamId', filter.teamId);
  if (filter.mine) query.set('mine', 'true');
  return `/objectives?${query.toString()}`;
}

/**
 * A cycle's objectives as the server filters them (teamId=, mine=true), so the page shows exactly
 * what the API and its other clients call "my OKRs". Off (no request) while no filter is set.
 */
export function useFilteredObjectives(cycleId: string | null, filter: ObjectiveFilter) {
  return useQuery({
    queryKey: okrKeys.filteredObjectives(cycleId ?? '', filter),
    queryFn: () => api.get<Objective[]>(filteredObjectivesPath(cycleId ?? '', filter)),
    enabled: cycleId !== null && isFiltered(filter),
  });
}

export function useObjectives(cycleId: string | null) {
  return useQuery({
    queryKey: okrKeys.objectives(cycleId ?? ''),
    queryFn: () => fetchObjectives(cycleId ?? ''),
    enabled: cycleId !== null,
  });
}

export function useKeyResultCheckIns(keyResultId: string) {
  return useQuery({
    queryKey: okrKeys.keyResultCheckIns(keyResultId),
    queryFn: () => api.get<CheckIn[]>(`/key-results/${keyResultId}/check-ins`),
  });
}

export function useObjectiveCheckIns(objectiveId: string) {
  return useQuery({
    queryKey: okrKeys.objectiveCheckIns(objectiveId),
    queryFn: () => api.get<CheckIn[]>(`/objectives/${objectiveId}/check-ins`),
  });
}

/** An objective's or key result's comments (brought in by an import), newest first. */
export function useComments(kind: 'objective' | 'keyResult', id: string) {
  return useQuery({
    queryKey: okrKeys.comments(kind, id),
    queryFn: () => api.get<Comment[]>(kind === 'objective' ? `/objectives/${id}/comments` : `/key-results/${id}/comments`),
  });
}

/** Cycle writes refresh the cycle list; objective-level writes refresh objectives (progress rolls up). */
function useInvalidating<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>, keys: ReadonlyArray<readonly string[]>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });
}

export function useCreateCycle() {
  return useInvalidating((input: CycleInput) => api.post<Cycle>('/cycles', input), [okrKeys.cycles]);
}

export function useUpdateCycle() {
  return useInvalidating(({ id, ...input }: CycleInput & { id: string }) => api.patch<Cycle>(`/cycles/${id}`, input), [
    okrKeys.cycles,
    okrKeys.allObjectives,
  ]);
}

export function useDeleteCycle() {
  return useInvalidating((id: string) => api.delete(`/cycles/${id}`), [okrKeys.cycles]);
}

export function useCreateObjective() {
  return useInvalidating((input: ObjectiveInput) => api.post<Objective>('/objectives', input), [okrKeys.allObjectives]);
}

export function useUpdateObjective() {
  return useInvalidating(
    ({ id, cycleId: _cycleId, ...input }: ObjectiveInput & { id: string }) => api.patch<Objective>(`/objectives/${id}`, input),
    [okrKeys.allObjectives],
  );
}

export function useDeleteObjective() {
  return useInvalidating((id: string) => api.delete(`/objectives/${id}`), [okrKeys.allObjectives]);
}

export function useCreateKeyResult() {
  return useInvalidating(
    ({ objectiveId, ...input }: KeyResultInput & { objectiveId: string }) =>
      api.post<KeyResult>(`/objectives/${objectiveId}/key-results`, input),
    [okrKeys.allObjectives],
  );
}

export function useUpdateKeyResult() {
  return useInvalidating(
    ({ id, ...input }: KeyResultInput & { id: string }) => api.patch<KeyResult>(`/key-results/${id}`, input),
    [okrKeys.allObjectives],
  );
}

export function useDeleteKeyResult() {
  return useInvalidating((id: string) => api.delete(`/key-results/${id}`), [okrKeys.allObjectives]);
}

export function useKeyResultCheckIn(keyResultId: string) {
  return useInvalidating(
    (input: CheckInInput) => api.post<CheckIn>(`/key-results/${keyResultId}/check-ins`, input),
    [okrKeys.allObjectives, okrKeys.keyResultCheckIns(keyResultId)],
  );
}

export function useObjectiveCheckIn(objectiveId: string) {
  return useInvalidating(
    (input: CheckInInput) => api.post<CheckIn>(`/objectives/${objectiveId}/check-ins`, input),
    [okrKeys.allObjectives, okrKeys.objectiveCheckIns(objectiveId)],
  );
}
