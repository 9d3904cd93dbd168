import type { Objective } from '../api/types';

export interface ObjectiveNode {
  objective: Objective;
  children: ObjectiveNode[];
}

/**
 * Objectives nested under their parents. An objective whose parent is not in this list (another
 * cycle) stands at the top, and so does one caught in a parent loop, so nothing ever disappears.
 */
export function buildObjectiveTree(objectives: Objective[]): ObjectiveNode[] {
  const byId = new Map(objectives.map((objective) => [objective.id, objective]));
  const nodes = new Map(objectives.map((objective) => [objective.id, { objective, children: [] as ObjectiveNode[] }]));
  /** Whether following parents from this objective ever comes back to it. */
  const inLoop = (start: Objective): boolean => {
    const seen = new Set<string>();
    for (let current = start.parentId ? byId.get(start.parentId) : undefined; current; current = current.parentId ? byId.get(current.parentId) : undefined) {
      if (current.id === start.id) return true;
      if (seen.has(current.id)) return false; // a loop further up, which does not include this one
      seen.add(current.id);
    }
    return false;
  };
  const roots: ObjectiveNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.objective.parentId ? nodes.get(node.objective.parentId) : undefined;
    if (parent && !inLoop(node.objective)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
