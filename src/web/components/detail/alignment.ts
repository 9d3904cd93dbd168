/**
 * An objective's alignment (issue 14) as its page shows it: the parents it counts towards, each with
 * its weight in that parent's roll-up, and the tree of objectives aligned under it, read from the
 * `parents` every objective in the cycle carries. Pure, so it is tested without a browser.
 */
import type { Objective } from '../../api/types';

export interface AlignedParent {
  objectiveId: string;
  /** Percent of the parent's roll-up, 0..100; null when not set (an equal share). */
  weight: number | null;
  /** The parent when it is in the list given (same cycle); null when it is elsewhere. */
  objective: Objective | null;
}

export interface AlignedChild {
  objective: Objective;
  /** Its weight in the roll-up of the objective above it in the tree. */
  weight: number | null;
  children: AlignedChild[];
}

export interface Alignment {
  parents: AlignedParent[];
  children: AlignedChild[];
}

/** Deeper trees are cut here: a page, not a map of the organisation. */
export const ALIGNMENT_DEPTH_MAX = 6;

export function alignmentOf(objective: Objective, cycleObjectives: Objective[]): Alignment {
  const byId = new Map(cycleObjectives.map((o) => [o.id, o]));
  const childrenByParent = new Map<string, Array<{ objective: Objective; weight: number | null }>>();
  for (const candidate of cycleObjectives) {
    for (const parent of candidate.parents) {
      const list = childrenByParent.get(parent.objectiveId) ?? [];
      list.push({ objective: candidate, weight: parent.weight });
      childrenByParent.set(parent.objectiveId, list);
    }
  }
  // `above` holds the path from the page's objective down: an alignment loop (refused by the API,
  // but old data or a race could hold one) stops instead of recursing forever.
  const childrenOf = (id: string, above: Set<string>, depth: number): AlignedChild[] => {
    if (depth >= ALIGNMENT_DEPTH_MAX) return [];
    return (childrenByParent.get(id) ?? [])
      .filter((child) => !above.has(child.objective.id))
      .map((child) => ({
        objective: child.objective,
        weight: child.weight,
        children: childrenOf(child.objective.id, new Set([...above, child.objective.id]), depth + 1),
      }));
  };
  return {
    parents: objective.parents.map((parent) => ({ ...parent, objective: byId.get(parent.objectiveId) ?? null })),
    children: childrenOf(objective.id, new Set([objective.id]), 0),
  };
}

/** A weight as the page writes it. */
export function weightText(weight: number | null): string {
  if (weight === null) return 'weight not set (equal share)';
  if (weight === 0) return 'weight 0% (does not count)';
  return `weight ${Number(weight.toFixed(1))}%`;
}
