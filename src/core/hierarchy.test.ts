import { describe, expect, it } from 'vitest';
import { findLoopingParent } from './hierarchy';

// a ← b ← c (c aligned under b, b under a), and d under both b and x.
const parentsOf = new Map<string, string[]>([
  ['b', ['a']],
  ['c', ['b']],
  ['d', ['b', 'x']],
]);

describe('findLoopingParent', () => {
  it('refuses the node itself as its parent', () => {
    expect(findLoopingParent('a', ['a'], parentsOf)).toBe('a');
  });

  it('refuses a descendant as a parent, through any of several parents', () => {
    expect(findLoopingParent('a', ['c'], parentsOf)).toBe('c');
    expect(findLoopingParent('x', ['y', 'd'], parentsOf)).toBe('d');
  });

  it('accepts parents outside the subtree, including siblings and several at once', () => {
    expect(findLoopingParent('c', ['a', 'x'], parentsOf)).toBeNull();
    expect(findLoopingParent('d', ['c'], parentsOf)).toBeNull();
    expect(findLoopingParent('new', ['d'], parentsOf)).toBeNull();
  });

  it('does not hang on a loop already in the data', () => {
    const looped = new Map([['p', ['q']], ['q', ['p']]]);
    expect(findLoopingParent('z', ['p'], looped)).toBeNull();
  });
});
