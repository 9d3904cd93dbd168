import { describe, expect, test } from 'vitest';
import type { KeyResult, Objective } from '../api/types';
import { buildObjectiveTree } from './objectiveTree';
import { flattenObjectiveTree, type Openness } from './okrListRows';

/** Only what the tree and the flattening read; the rest of an objective does not matter here. */
function objective(id: string, parentId: string | null, keyResultIds: string[] = []): Objective {
  const keyResults = keyResultIds.map((krId) => ({ id: krId, objectiveId: id }) as KeyResult);
  return { id, parentId, progressMode: 'key_results', integration: null, keyResults } as Partial<Objective> as Objective;
}

const keys = (openness: Record<string, Openness>) => {
  const tree = buildObjectiveTree([objective('a', null, ['a1', 'a2']), objective('b', 'a'), objective('c', null, ['c1'])]);
  return flattenObjectiveTree(tree, (o) => openness[o.id] ?? 'open').map((row) => `${row.kind}:${row.key}:${row.depth}`);
};

describe('flattenObjectiveTree', () => {
  test('lists each objective, then its key results (or the hint), then its aligned objectives, indented by depth', () => {
    expect(keys({})).toEqual([
      'objective:a:0',
      'keyResult:a1:1',
      'keyResult:a2:1',
      'objective:b:1',
      'noKeyResults:b:hint:2',
      'objective:c:0',
      'keyResult:c1:1',
    ]);
  });

  test('folded hides only the key results; closed hides the aligned objectives too', () => {
    expect(keys({ a: 'folded' })).toEqual(['objective:a:0', 'objective:b:1', 'noKeyResults:b:hint:2', 'objective:c:0', 'keyResult:c1:1']);
    expect(keys({ a: 'closed', c: 'closed' })).toEqual(['objective:a:0', 'objective:c:0']);
  });
});
