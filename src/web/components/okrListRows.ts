import type { KeyResult, Objective } from '../api/types';
import type { ObjectiveNode } from './objectiveTree';

/** 'folded' hides only the key results (large cycles start so); 'closed' hides key results and aligned objectives. */
export type Openness = 'open' | 'folded' | 'closed';

/** One line of the OKR list. The list is flat so that only the lines in view need to be drawn. */
export type OkrListRow =
  | { kind: 'objective'; key: string; objective: Objective; childCount: number; depth: number; openness: Openness; hasContent: boolean }
  | { kind: 'keyResult'; key: string; keyResult: KeyResult; depth: number }
  | { kind: 'noKeyResults'; key: string; objective: Objective; depth: number };

/** A linked or manual objective takes its progress elsewhere, so only the others ask for key results. */
export function asksForKeyResults(objective: Objective): boolean {
  return objective.progressMode !== 'manual' && objective.integration === null;
}

/**
 * The tree as the lines shown, in reading order: an objective, then (when open) its key results or
 * the "no key results yet" hint, then (unless closed) the objectives aligned under it.
 */
export function flattenObjectiveTree(tree: ObjectiveNode[], opennessOf: (objective: Objective) => Openness): OkrListRow[] {
  const rows: OkrListRow[] = [];
  const visit = (node: ObjectiveNode, depth: number) => {
    const { objective, children } = node;
    const openness = opennessOf(objective);
    const asks = asksForKeyResults(objective);
    const hasContent = objective.keyResults.length > 0 || children.length > 0 || asks;
    rows.push({ kind: 'objective', key: objective.id, objective, childCount: children.length, depth, openness, hasContent });
    if (openness === 'open') {
      for (const keyResult of objective.keyResults) rows.push({ kind: 'keyResult', key: keyResult.id, keyResult, depth: depth + 1 });
      if (asks && objective.keyResults.length === 0) rows.push({ kind: 'noKeyResults', key: `${objective.id}:hint`, objective, depth: depth + 1 });
    }
    if (openness !== 'closed') for (const child of children) visit(child, depth + 1);
  };
  for (const node of tree) visit(node, 0);
  return rows;
}
