/**
 * The API contract makes drift a compile error: a presenter that sends a field the schema does not
 * have (or lacks one), and web code that reads a field the API does not send — the bug the contract
 * was built for: the Issues tab read `storyPoints` while the API sent `points`. Each fixture is
 * type-checked with the project's compiler options; the correct one must compile cleanly, so the
 * test fails if the check itself stops working.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
// Inside the repository (so the fixtures' relative imports resolve) but outside tsconfig's include.
const fixtureDir = path.join(repoRoot, '.tmp', 'contract-drift');

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(repoRoot, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot).options;
}

const fixtures = new Map<string, string>();
let program: ts.Program | null = null;

/** The type errors of one fixture file, as "TS<code>: message" lines (all fixtures share one program: one type-check). */
function typeErrors(name: string): string[] {
  if (!program) {
    mkdirSync(fixtureDir, { recursive: true });
    for (const [fixture, source] of fixtures) writeFileSync(path.join(fixtureDir, `${fixture}.ts`), source);
    program = ts.createProgram([...fixtures.keys()].map((fixture) => path.join(fixtureDir, `${fixture}.ts`)), compilerOptions());
  }
  const file = path.join(fixtureDir, `${name}.ts`);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((diagnostic) => `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
}

const imports = `
import type { LinkIssue } from '../../src/web/api/linkTypes';
import type { LinkIssueView } from '../../src/server/services/sync/link-issues-service';
`;

const issue = `{
  key: 'AE-1', summary: 'Export', status: 'Done', statusCategory: 'done', assignee: null, done: true,
  points: 3, value: null, resolvedAt: null, url: 'https://jira.example/browse/AE-1',
}`;

fixtures.set(
  'agreeing',
  `${imports}
export function present(): LinkIssueView { return ${issue}; }
export function pointsColumn(row: LinkIssue): number | null { return row.points; }
export const sameShape: LinkIssue = present();
`,
);
fixtures.set(
  'web-reads-storypoints',
  `${imports}
export function pointsColumn(row: LinkIssue): number | null { return row.storyPoints; }
`,
);
fixtures.set(
  'presenter-renames-points',
  `${imports}
export function present(): LinkIssueView { return ${issue.replace('points: 3', 'storyPoints: 3')}; }
`,
);

afterAll(() => rmSync(fixtureDir, { recursive: true, force: true }));

describe('a shape that drifts between server and web does not compile', () => {
  test('the correct fixture compiles: the presenter’s answer is what the web reads', () => {
    const errors = typeErrors('agreeing');
    expect(errors).toEqual([]);
  }, 60_000);

  test('web code reading storyPoints (the API sends points) is an error', () => {
    const errors = typeErrors('web-reads-storypoints');
    expect(errors).toEqual([expect.stringMatching(/^TS2339: Property 'storyPoints' does not exist on type/)]);
  }, 60_000);

  test('a presenter sending storyPoints instead of points is an error', () => {
    const errors = typeErrors('presenter-renames-points');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^TS2353: Object literal may only specify known properties, and 'storyPoints' does not exist in type/);
  }, 60_000);
});
