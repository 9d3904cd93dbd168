/**
 * The OKR page needs who is signed in, the cycles and the chosen cycle's objectives. Asked one after
 * another (the auth gate, then the page, then the cycle's list) they cost three round trips before
 * the first row; started together at boot they cost one. The cycle is the one in the address, else
 * the one this browser showed last (usually still the current one; a wrong guess costs one request
 * nobody waits for).
 */
import type { QueryClient } from '@tanstack/react-query';
import { fetchCycles, fetchObjectives, okrKeys } from './okrs';

const LAST_CYCLE_KEY = 'pacer.lastShownCycle';

export function rememberShownCycle(cycleId: string): void {
  try {
    localStorage.setItem(LAST_CYCLE_KEY, cycleId);
  } catch {
    // Storage may be off (private mode, policy); the prefetch then simply waits for the cycles.
  }
}

function lastShownCycle(): string | null {
  try {
    return localStorage.getItem(LAST_CYCLE_KEY);
  } catch {
    return null;
  }
}

/** Starts the OKR page's requests at boot when the address is the OKR page; a no-op elsewhere. */
export function prefetchOkrPage(queryClient: QueryClient, location: Location): void {
  if (location.pathname !== '/' && location.pathname !== '/okrs') return;
  void queryClient.prefetchQuery({ queryKey: okrKeys.cycles, queryFn: fetchCycles });
  const cycleId = new URLSearchParams(location.search).get('cycle') ?? lastShownCycle();
  if (cycleId) void queryClient.prefetchQuery({ queryKey: okrKeys.objectives(cycleId), queryFn: () => fetchObjectives(cycleId) });
}
