/**
 * SQL for alignment: objectives under one or more parent objectives (objective_parents), each with
 * a weight in percent or none. The only writer of parents: it keeps objectives.parent_id equal to
 * the parent at position 0, so `parentId` and the code that reads the column stay right.
 */
import type { Db } from '../database';
import { chunked, unique } from '../in-list-chunks';

/** One parent of an objective, in position order; weight null = not set. */
export interface ParentLink {
  parentId: string;
  weight: number | null;
}

/** One child aligned under a parent. */
export interface ChildLink {
  childId: string;
  weight: number | null;
}

const toWeight = (value: number | null): number | null => (value === null ? null : Number(value));

/** The parents of these objectives, first parent first; objectives without parents are absent. */
export async function listParentsOf(db: Db, objectiveIds: readonly string[]): Promise<Map<string, ParentLink[]>> {
  const parents = new Map<string, ParentLink[]>();
  for (const chunk of chunked(unique(objectiveIds))) {
    const rows = await db
      .selectFrom('objective_parents')
      .select(['objective_id', 'parent_objective_id', 'weight'])
      .where('objective_id', 'in', chunk)
      .orderBy('objective_id')
      .orderBy('position')
      .execute();
    for (const row of rows) {
      const list = parents.get(row.objective_id) ?? [];
      list.push({ parentId: row.parent_objective_id, weight: toWeight(row.weight) });
      parents.set(row.objective_id, list);
    }
  }
  return parents;
}

/** The children aligned under these objectives (any cycle), by parent id. */
export async function listChildrenOf(db: Db, parentIds: readonly string[]): Promise<Map<string, ChildLink[]>> {
  const children = new Map<string, ChildLink[]>();
  for (const chunk of chunked(unique(parentIds))) {
    const rows = await db
      .selectFrom('objective_parents')
      .select(['objective_id', 'parent_objective_id', 'weight'])
      .where('parent_objective_id', 'in', chunk)
      .orderBy('parent_objective_id')
      .orderBy('objective_id')
      .execute();
    for (const row of rows) {
      const list = children.get(row.parent_objective_id) ?? [];
      list.push({ childId: row.objective_id, weight: toWeight(row.weight) });
      children.set(row.parent_objective_id, list);
    }
  }
  return children;
}

/**
 * For the OKR page's list, in two joined queries: the parents of every objective of a cycle, and
 * the children (any cycle) aligned under them.
 */
export async function listAlignmentOfCycle(db: Db, cycleId: string): Promise<{ parents: Map<string, ParentLink[]>; children: Map<string, ChildLink[]> }> {
  const [parentRows, childRows] = await Promise.all([
    db
      .selectFrom('objective_parents')
      .innerJoin('objectives', 'objectives.id', 'objective_parents.objective_id')
      .select(['objective_parents.objective_id', 'objective_parents.parent_objective_id', 'objective_parents.weight'])
      .where('objectives.cycle_id', '=', cycleId)
      .orderBy('objective_parents.objective_id')
      .orderBy('objective_parents.position')
      .execute(),
    db
      .selectFrom('objective_parents')
      .innerJoin('objectives', 'objectives.id', 'objective_parents.parent_objective_id')
      .select(['objective_parents.objective_id', 'objective_parents.parent_objective_id', 'objective_parents.weight'])
      .where('objectives.cycle_id', '=', cycleId)
      .orderBy('objective_parents.parent_objective_id')
      .orderBy('objective_parents.objective_id')
      .execute(),
  ]);
  const parents = new Map<string, ParentLink[]>();
  for (const row of parentRows) {
    parents.set(row.objective_id, [...(parents.get(row.objective_id) ?? []), { parentId: row.parent_objective_id, weight: toWeight(row.weight) }]);
  }
  const children = new Map<string, ChildLink[]>();
  for (const row of childRows) {
    children.set(row.parent_objective_id, [...(children.get(row.parent_objective_id) ?? []), { childId: row.objective_id, weight: toWeight(row.weight) }]);
  }
  return { parents, children };
}

/**
 * Every ancestor of these objectives with its parent ids (the map the loop check walks): one query
 * per level of the tree, which is shallow.
 */
export async function loadAncestry(db: Db, objectiveIds: readonly string[]): Promise<Map<string, string[]>> {
  const parentsOf = new Map<string, string[]>();
  let frontier = unique(objectiveIds);
  while (frontier.length > 0) {
    const found = await listParentsOf(db, frontier);
    for (const id of frontier) parentsOf.set(id, (found.get(id) ?? []).map((p) => p.parentId));
    frontier = unique([...found.values()].flatMap((list) => list.map((p) => p.parentId))).filter((id) => !parentsOf.has(id));
  }
  return parentsOf;
}

/** Replaces an objective's parents (in this order) and sets parent_id to the first. Run inside a transaction. */
export async function replaceParents(db: Db, objectiveId: string, parents: readonly ParentLink[], now: string): Promise<void> {
  await db.deleteFrom('objective_parents').where('objective_id', '=', objectiveId).execute();
  if (parents.length > 0) {
    await db
      .insertInto('objective_parents')
      .values(parents.map((p, position) => ({ objective_id: objectiveId, parent_objective_id: p.parentId, weight: p.weight, position })))
      .execute();
  }
  await db.updateTable('objectives').set({ parent_id: parents[0]?.parentId ?? null, updated_at: now }).where('id', '=', objectiveId).execute();
}

/**
 * Takes an objective out of the tree before it is deleted: its own parent rows go, and children
 * aligned under it lose that parent, their next parent (if any) becoming the first. Run inside a
 * transaction.
 */
export async function detachFromAlignment(db: Db, objectiveId: string, now: string): Promise<void> {
  const children = await db.selectFrom('objective_parents').select('objective_id').where('parent_objective_id', '=', objectiveId).execute();
  await db.deleteFrom('objective_parents').where((eb) => eb.or([eb('objective_id', '=', objectiveId), eb('parent_objective_id', '=', objectiveId)])).execute();
  const remaining = await listParentsOf(db, children.map((c) => c.objective_id));
  for (const { objective_id: childId } of children) {
    await replaceParents(db, childId, remaining.get(childId) ?? [], now);
  }
}
