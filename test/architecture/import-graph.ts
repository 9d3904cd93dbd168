/**
 * The graph of relative imports between the TypeScript files under a folder, for the architecture
 * tests. Type-only imports count: a type cycle still ties two modules together for a reader.
 * Bare specifiers (packages, node:*) are left out; `./x` resolves as Bundler resolution does
 * (x.ts, x.tsx, x/index.ts, x/index.tsx, and x.js written for x.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** import … from '…', export … from '…', import '…' and import('…'); comments are not stripped, so a quoted example in a comment must not start with `from '.`. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.d\.ts$/.test(name) ? [full] : [];
  });
}

function resolveSpecifier(fromFile: string, specifier: string): string | null {
  const base = path.resolve(path.dirname(fromFile), specifier.replace(/\.js$/, ''));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? null;
}

/** Every file under `root` and the files (under `root`) it imports, as paths relative to `repoRoot`. */
export function importGraph(root: string, repoRoot: string, include: (file: string) => boolean = () => true): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = sourceFiles(root).filter((file) => include(path.relative(repoRoot, file)));
  const inGraph = new Set(files);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets = new Set<string>();
    for (const match of text.matchAll(SPECIFIER)) {
      const resolved = resolveSpecifier(file, match[1] ?? '');
      if (resolved && inGraph.has(resolved)) targets.add(path.relative(repoRoot, resolved));
    }
    graph.set(path.relative(repoRoot, file), [...targets].sort());
  }
  return graph;
}

export interface ImportCycle {
  /** Every file of the strongly connected component, sorted: each reaches every other. */
  files: string[];
  /** A shortest cycle through the first of them, a → b → … → a: where to start untangling. */
  example: string[];
}

/** The import cycles of a graph: one per strongly connected component (Tarjan) of two or more files, or a file importing itself. */
export function importCycles(graph: Map<string, string[]>): ImportCycle[] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  // Iterative Tarjan: src/ is deep enough that recursion depth is not worth the risk.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    lowLink.set(start, counter);
    counter += 1;
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const target = edges[frame.next]!;
        frame.next += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          lowLink.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
      if (lowLink.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component);
      }
    }
  }
  return components.map((component) => ({ files: [...component].sort(), example: shortestCycle(graph, new Set(component)) }));
}

/** A shortest cycle through the component's first file (in sorted order), by breadth-first search inside the component. */
function shortestCycle(graph: Map<string, string[]>, component: Set<string>): string[] {
  const start = [...component].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!component.has(target)) continue;
      if (target === start) {
        const path: string[] = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}
