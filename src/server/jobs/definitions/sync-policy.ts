/** How the sync jobs retry and wait, shared by sync-links and webhook follow-up. */

/** Attempts after the first on pg-boss; then the job is dead-lettered. */
export const SYNC_RETRY_LIMIT = 3;
/** First retry after about this long (doubling, with jitter): ~5-10 s, 10-20 s, 20-40 s. */
export const SYNC_RETRY_DELAY_SECONDS = 5;

/** How long a link another sync holds waits before a webhook's sync tries it again. */
export function busyRetryDelayMs(debounceMs: number): number {
  return Math.max(debounceMs, 500);
}
