/**
 * The progress each objective's aligned children bring to its roll-up (src/core/rollup.ts). A
 * child's progress is its own roll-up, so the walk goes down to the leaves: children are read
 * level by level (one query per level and per 500 ids for their alignments, records, key results
 * and links), including children in other cycles, then progress is computed in memory, each
 * objective once.
 */
import type { Kysely } from 'kysely';
import { keyResultProgressSoFar, objectiveProgress, type AlignedChild } from '../../core';
import { keyResultIdsWithCheckIns } from '../db/repositories/check-ins-repository';
import { listChildrenOf, type ChildLink } from '../db/repositories/alignment-repository';
import { listLinksOfItems, type LinkRecord } from '../db/repositories/integration-links-repository';
import { listKeyResultsOfObjectives, type KeyResultRecord } from '../db/repositories/key-results-repository';
import { findObjectivesByIds, type ObjectiveRecord } from '../db/repositories/objectives-repository';
import type { Database } from '../db/schema';

/** Levels of alignment read below the objectives presented; deeper ones count as without progress. */
const MAX_DEPTH = 32;

export interface ItemLinks {
  byObjective: ReadonlyMap<string, LinkRecord>;
  byKeyResult: ReadonlyMap<string, LinkRecord>;
}

/**
 * A key result's progress as shown: its Jira link's when linked (null before its first sync), else
 * from its values, null while it has not started (no check-in, value still on its start:
 * core's keyResultProgressSoFar). `checkedIn` holds the ids of those with a check-in.
 */
export function currentKeyResultProgress(kr: KeyResultRecord, links: ItemLinks | undefined, checkedIn: ReadonlySet<string>): number | null {
  const link = links?.byKeyResult.get(kr.id);
  return link ? link.progress : keyResultProgressSoFar(kr, checkedIn.has(kr.id));
}

/** Which of these key results have a check-in; only those still on their start value are asked about (the rest have started anyway). */
export function loadKeyResultsCheckedIn(db: Kysely<Database>, keyResults: Iterable<KeyResultRecord>): Promise<Set<string>> {
  const undecided = [...keyResults].filter((kr) => kr.currentValue === kr.startValue).map((kr) => kr.id);
  return undecided.length === 0 ? Promise.resolve(new Set()) : keyResultIdsWithCheckIns(db, undecided);
}

/**
 * For each of `objectives`, its aligned children with their progress and weights (absent when it
 * has none). `keyResults` and `links` are what the caller already loaded for them; `knownChildren`,
 * when given, holds the children of at least every one of `objectives` (a cycle's, read in one
 * joined query), saving the first level's reads.
 */
export async function loadChildProgress(
  db: Kysely<Database>,
  objectives: readonly ObjectiveRecord[],
  keyResults: ReadonlyMap<string, readonly KeyResultRecord[]>,
  links: ItemLinks,
  checkedIn: ReadonlySet<string>,
  knownChildren?: ReadonlyMap<string, readonly ChildLink[]>,
): Promise<Map<string, AlignedChild[]>> {
  const records = new Map(objectives.map((o) => [o.id, o]));
  const allKeyResults = new Map<string, readonly KeyResultRecord[]>(keyResults);
  const objectiveLinks = new Map(links.byObjective);
  const keyResultLinks = new Map(links.byKeyResult);
  const children = new Map<string, readonly ChildLink[]>();

  let frontier = objectives.map((o) => o.id);
  for (let depth = 0; depth <= MAX_DEPTH && frontier.length > 0; depth += 1) {
    const found: ReadonlyMap<string, readonly ChildLink[]> = depth === 0 && knownChildren ? knownChildren : await listChildrenOf(db, frontier);
    for (const [parentId, list] of found) children.set(parentId, list);
    const newIds = [...new Set([...found.values()].flatMap((list) => list.map((c) => c.childId)))].filter((id) => !records.has(id));
    if (newIds.length === 0) break;
    const [newRecords, newKeyResults] = await Promise.all([findObjectivesByIds(db, newIds), listKeyResultsOfObjectives(db, newIds)]);
    const newLinks = await listLinksOfItems(db, newIds, [...newKeyResults.values()].flatMap((list) => list.map((kr) => kr.id)));
    for (const [id, record] of newRecords) records.set(id, record);
    for (const [id, list] of newKeyResults) allKeyResults.set(id, list);
    for (const [id, link] of newLinks.byObjective) objectiveLinks.set(id, link);
    for (const [id, link] of newLinks.byKeyResult) keyResultLinks.set(id, link);
    frontier = [...newRecords.keys()];
  }

  const allLinks: ItemLinks = { byObjective: objectiveLinks, byKeyResult: keyResultLinks };
  // Key results met on the walk (not the caller's): whether they have started, in one more read.
  const walked = [...allKeyResults].filter(([id]) => !keyResults.has(id)).flatMap(([, list]) => list);
  const allCheckedIn = new Set([...checkedIn, ...(await loadKeyResultsCheckedIn(db, walked))]);
  const memo = new Map<string, number | null>();
  const inProgress = new Set<string>();
  const childrenOf = (id: string): AlignedChild[] =>
    (children.get(id) ?? []).map((child) => ({ progress: progressOf(child.childId), weight: child.weight }));
  const progressOf = (id: string): number | null => {
    if (memo.has(id)) return memo.get(id) ?? null;
    const record = records.get(id);
    // Unknown (deeper than MAX_DEPTH) or a loop in old data: no progress rather than a hang.
    if (!record || inProgress.has(id)) return null;
    inProgress.add(id);
    const link = allLinks.byObjective.get(id);
    const progress = objectiveProgress({
      mode: record.progressMode,
      manualProgress: record.manualProgress,
      keyResults: (allKeyResults.get(id) ?? []).map((kr) => ({ progress: currentKeyResultProgress(kr, allLinks, allCheckedIn), weight: kr.weight })),
      children: childrenOf(id),
      hasSource: link !== undefined,
      sourceProgress: link?.progress ?? null,
    });
    inProgress.delete(id);
    memo.set(id, progress);
    return progress;
  };

  const result = new Map<string, AlignedChild[]>();
  for (const objective of objectives) {
    if (children.has(objective.id)) result.set(objective.id, childrenOf(objective.id));
  }
  return result;
}
