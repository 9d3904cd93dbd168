/**
 * Loops in parent links (objectives aligned under objectives, teams under teams). Both may have
 * several parents per node, so this is a walk over a directed graph, not up a single chain.
 */

/**
 * The first of `newParentIds` that would close a loop if `nodeId` took it as a parent — the node
 * itself, or one of its descendants (a node whose ancestors include `nodeId`) — or null when none
 * would. `parentsOf` holds the current parents of at least every ancestor of the new parents;
 * a missing entry means "no parents". Cycles already in `parentsOf` do not hang the walk.
 */
export function findLoopingParent(
  nodeId: string,
  newParentIds: readonly string[],
  parentsOf: ReadonlyMap<string, readonly string[]>,
): string | null {
  for (const parentId of newParentIds) {
    if (reaches(parentId, nodeId, parentsOf)) return parentId;
  }
  return null;
}

/** True when `target` is `from` or one of its ancestors. */
function reaches(from: string, target: string, parentsOf: ReadonlyMap<string, readonly string[]>): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === undefined || seen.has(current)) continue;
    if (current === target) return true;
    seen.add(current);
    stack.push(...(parentsOf.get(current) ?? []));
  }
  return false;
}
