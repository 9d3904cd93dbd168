import { describe, expect, test } from 'vitest';
import { objectiveFixture } from '../../../../test/support/objective-fixture';
import type { Objective } from '../../api/types';
import { ALIGNMENT_DEPTH_MAX, alignmentOf, weightText } from './alignment';

function objective(id: string, parents: Array<[string, number | null]> = []): Objective {
  return objectiveFixture({
    id,
    parentId: parents[0]?.[0] ?? null,
    parents: parents.map(([objectiveId, weight]) => ({ objectiveId, weight })),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
}

/** The tree as nested [id, weight, children] for readable expectations. */
function shape(children: ReturnType<typeof alignmentOf>['children']): unknown[] {
  return children.map((child) => [child.objective.id, child.weight, shape(child.children)]);
}

describe('alignment of an objective', () => {
  test('parents come with their weights, in order; a parent outside the list is kept without its objective', () => {
    const growth = objective('growth');
    const delight = objective('delight');
    const checkout = objective('checkout', [['growth', 40], ['elsewhere', null], ['delight', 60]]);
    const alignment = alignmentOf(checkout, [growth, delight, checkout]);
    expect(alignment.parents.map((p) => [p.objectiveId, p.weight, p.objective?.title ?? null])).toEqual([
      ['growth', 40, 'Objective growth'],
      ['elsewhere', null, null],
      ['delight', 60, 'Objective delight'],
    ]);
  });

  test('children nest with their weight in the objective above them', () => {
    const top = objective('top');
    const a = objective('a', [['top', 70]]);
    const b = objective('b', [['other', 10], ['top', null]]);
    const a1 = objective('a1', [['a', 0]]);
    expect(shape(alignmentOf(top, [top, a, b, a1]).children)).toEqual([
      ['a', 70, [['a1', 0, []]]],
      ['b', null, []],
    ]);
  });

  test('an alignment loop stops instead of repeating forever, and deep trees are cut', () => {
    const x = objective('x', [['z', 50]]);
    const y = objective('y', [['x', 50]]);
    const z = objective('z', [['y', 50]]);
    expect(shape(alignmentOf(x, [x, y, z]).children)).toEqual([['y', 50, [['z', 50, []]]]]);

    const chain = Array.from({ length: ALIGNMENT_DEPTH_MAX + 3 }, (_, i) => objective(`o${i}`, i === 0 ? [] : [[`o${i - 1}`, null]]));
    let depth = 0;
    for (let level = alignmentOf(chain[0] as Objective, chain).children; level.length > 0; level = level[0]?.children ?? []) depth++;
    expect(depth).toBe(ALIGNMENT_DEPTH_MAX);
  });

  test('weights read as percentages; unset and zero say what they mean', () => {
    expect(weightText(40)).toBe('weight 40%');
    expect(weightText(33.333)).toBe('weight 33.3%');
    expect(weightText(null)).toBe('weight not set (equal share)');
    expect(weightText(0)).toBe('weight 0% (does not count)');
  });
});
