import { describe, expect, it } from 'vitest';
import { compareIssueKeys } from '../../../core';
import { sortIssueKeys } from './sync-commit';

describe('sortIssueKeys', () => {
  it('gives exactly the order of compareIssueKeys, ties and odd keys included', () => {
    const odd = ['AE-9', 'AE-10', 'AE-010', 'AE-01', 'AE-1', 'AE', 'AE-', 'AE-X', 'A-B-7', 'A-B-12', 'a-3', 'ZZ-2', '10042', '', 'AE-9'];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const generated = Array.from({ length: 3000 }, () => `${['AE', 'B', 'OPS', 'A-B'][Math.floor(random() * 4)]}-${Math.floor(random() * 300)}`);
    for (const keys of [odd, generated, [...odd, ...generated].reverse()]) {
      expect(sortIssueKeys(keys)).toEqual([...keys].sort(compareIssueKeys));
    }
  });

  it('leaves its input alone', () => {
    const keys = ['B-2', 'A-1'];
    expect(sortIssueKeys(keys)).toEqual(['A-1', 'B-2']);
    expect(keys).toEqual(['B-2', 'A-1']);
  });
});
