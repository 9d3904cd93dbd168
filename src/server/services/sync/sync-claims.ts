/**
 * Claims on links: a lease (owner token + until) taken with a conditional UPDATE, so two rounds or
 * instances never sync the same link at once. Used by the rounds and by syncs of given links.
 */
import { claimLinkBatch, findLinksByIds, listDueLinkIds, type LinkRecord } from '../../db/repositories/integration-links-repository';
import type { SyncDeps } from './sync-engine';

/** How long a claim is good for, unless PACER_SYNC_LEASE_SECONDS says otherwise. Long enough for a slow paged query; short enough that a crash costs little. */
export const SYNC_LEASE_MS = 10 * 60_000;
/** Links claimed per query of the due list; a round keeps claiming until none are left. */
const CLAIM_BATCH = 500;

export interface ClaimedLinks {
  owner: string;
  links: LinkRecord[];
}

function leaseTimes(now: Date, leaseMs = SYNC_LEASE_MS): { now: string; leaseUntil: string } {
  return { now: now.toISOString(), leaseUntil: new Date(now.getTime() + leaseMs).toISOString() };
}

/** Claims every link due by `now` for one owner (a fresh token per round), a batch of links per UPDATE. */
export async function claimDueLinks(deps: Pick<SyncDeps, 'db' | 'leaseMs'>, now: Date): Promise<ClaimedLinks> {
  const owner = crypto.randomUUID();
  const times = leaseTimes(now, deps.leaseMs);
  const claimedIds: string[] = [];
  const tried = new Set<string>();
  for (;;) {
    const candidates = (await listDueLinkIds(deps.db, times.now, CLAIM_BATCH)).filter((id) => !tried.has(id));
    if (candidates.length === 0) break;
    for (const id of candidates) tried.add(id);
    claimedIds.push(...(await claimLinkBatch(deps.db, candidates, { owner, ...times, dueBy: times.now })));
  }
  return { owner, links: await findLinksByIds(deps.db, claimedIds) };
}

/** Claims the given links now, due or not, skipping those another sync holds. */
export async function claimLinks(deps: Pick<SyncDeps, 'db' | 'leaseMs'>, ids: readonly string[], now: Date): Promise<ClaimedLinks> {
  const owner = crypto.randomUUID();
  const claimedIds = await claimLinkBatch(deps.db, ids, { owner, ...leaseTimes(now, deps.leaseMs) });
  return { owner, links: await findLinksByIds(deps.db, claimedIds) };
}
