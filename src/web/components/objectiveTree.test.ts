import { describe, expect, test } from 'vitest';
import { objectiveFixture } from '../../../test/support/objective-fixture';
import type { Objective } from '../api/types';
import { buildObjectiveTree, type ObjectiveNode } from './objectiveTree';

function objective(id: string, parentId: string | null = null): Objective {
  return objectiveFixture({ id, parentId, parents: parentId === null ? [] : [{ objectiveId: parentId, weight: null }] });
}

const shape = (nodes: ObjectiveNode[]): unknown => nodes.map((n) => ({ [n.objective.id]: shape(n.children) }));

describe('buildObjectiveTree', () => {
  test('nests aligned objectives under their parents, keeping order', () => {
    const tree = buildObjectiveTree([objective('a'), objective('b', 'a'), objective('c'), objective('d', 'b'), objective('e', 'a')]);
    expect(shape(tree)).toEqual([{ a: [{ b: [{ d: [] }] }, { e: [] }] }, { c: [] }]);
  });

  test('an objective whose parent is elsewhere (another cycle, filtered out) stands at the top', () => {
    expect(shape(buildObjectiveTree([objective('b', 'missing')]))).toEqual([{ b: [] }]);
  });

  test('objectives caught in a parent loop still show, at the top', () => {
    const tree = buildObjectiveTree([objective('a', 'b'), objective('b', 'a'), objective('c', 'a')]);
    expect(shape(tree)).toEqual([{ a: [{ c: [] }] }, { b: [] }]);
  });
});
