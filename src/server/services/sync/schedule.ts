/**
 * When each link is next due. Every link keeps a fixed phase within the interval, derived from its
 * id, so 1,000 links on a 24-hour interval are spread over the day instead of all hitting Jira at
 * midnight, and a link's slot does not drift however late a round runs.
 */

export const MINUTE_MS = 60_000;
/** A failed sync is tried again this soon (or at its normal slot, if that comes first). */
export const FAILURE_RETRY_MS = 15 * MINUTE_MS;

/** FNV-1a: a stable 32-bit hash of the id, the same on every machine and across restarts. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** The link's offset within the interval, 0 <= offset < interval. */
export function phaseOffsetMs(linkId: string, intervalMs: number): number {
  return Math.floor((hash32(linkId) / 0x1_0000_0000) * intervalMs);
}

/** The link's first slot strictly after `now`: slots are offset + k × interval since the epoch. */
export function nextSlotAfter(now: Date, intervalMs: number, linkId: string): Date {
  const offset = phaseOffsetMs(linkId, intervalMs);
  const k = Math.floor((now.getTime() - offset) / intervalMs) + 1;
  return new Date(offset + k * intervalMs);
}

/** After a failure: retry soon, but never later than the normal slot. */
export function retryAfterFailure(now: Date, intervalMs: number, linkId: string): Date {
  const slot = nextSlotAfter(now, intervalMs, linkId);
  return new Date(Math.min(slot.getTime(), now.getTime() + FAILURE_RETRY_MS));
}
