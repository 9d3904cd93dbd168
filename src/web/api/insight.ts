/**
 * A Jira link's insight (`GET …/integration/insight`): the burn-up series from the period's first
 * day, the forecast finish date, the scope change and why the last change happened. The shapes are
 * the pure ones from src/core, which the server computes them with, so the two cannot drift apart.
 */
import { useQuery } from '@tanstack/react-query';
import type { Insight } from '../../core/insight';
import { ApiError, api } from './client';
import { basePath, linkKeys } from './links';
import type { LinkOwner } from './linkTypes';

export type { Forecast, ForecastReason, Insight, InsightSeriesPoint, LastChange, ScopeChange } from '../../core/insight';

/** The item's insight, or null when it has no Jira link (the API answers 404 not_found). */
export function useInsight(owner: LinkOwner, enabled = true) {
  return useQuery({
    queryKey: linkKeys.insight(owner),
    enabled,
    queryFn: async (): Promise<Insight | null> => {
      try {
        return await api.get<Insight>(`${basePath(owner)}/insight`);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404 && error.code === 'not_found') return null;
        throw error;
      }
    },
  });
}
