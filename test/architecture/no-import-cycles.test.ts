/**
 * No import cycles in src/ (issue 11): a cycle means neither module can be read, tested or moved
 * without the other, and it is how app.ts once tied itself to every route plugin. ESLint's
 * import/no-cycle is not installed (and no package may be added for it), so this test is the
 * check; it runs in `npm run test:unit`.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { importCycles, importGraph } from './import-graph';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/**
 * Cycles still to break, each by the files it ties together. None are left; should one ever have
 * to be accepted for a while, list it here: the test fails on a listed cycle that no longer
 * exists, so this list only shrinks.
 */
const KNOWN_CYCLES: readonly string[] = [];

describe('import cycles', () => {
  const graph = importGraph(path.join(repoRoot, 'src'), repoRoot, (file) => !/\.test\.tsx?$/.test(file));
  const cycles = importCycles(graph);

  test('src/ has no new ones (value and type imports, tests left out)', () => {
    expect(graph.size).toBeGreaterThan(100);
    const unexpected = cycles
      .filter((cycle) => !KNOWN_CYCLES.includes(cycle.files.join(', ')))
      .map((cycle) => `${cycle.files.length} files tied together (${cycle.files.join(', ')}), e.g. ${cycle.example.join(' → ')}`);
    expect(unexpected, `import cycles in src/:\n${unexpected.join('\n')}`).toEqual([]);
  });

  test('every known cycle still exists (delete the entry of one that was broken)', () => {
    const found = new Set(cycles.map((cycle) => cycle.files.join(', ')));
    expect(KNOWN_CYCLES.filter((files) => !found.has(files))).toEqual([]);
  });

  test('the check finds a cycle, a self-import and the shortest way round', () => {
    const graph = new Map<string, string[]>([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'a.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['d.ts']],
      ['e.ts', ['a.ts']],
    ]);
    expect(importCycles(graph).sort((x, y) => x.files[0]!.localeCompare(y.files[0]!))).toEqual([
      { files: ['a.ts', 'b.ts', 'c.ts'], example: ['a.ts', 'b.ts', 'a.ts'] },
      { files: ['d.ts'], example: ['d.ts', 'd.ts'] },
    ]);
  });
});
