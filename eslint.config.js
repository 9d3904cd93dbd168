import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync, readFileSync } from 'node:fs';

// Every type the API contract exports: the web must import these, never declare its own copy.
const contractDir = new URL('./src/contract/', import.meta.url);
const contractTypes = readdirSync(contractDir)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  .flatMap((file) => [...readFileSync(new URL(file, contractDir), 'utf8').matchAll(/^export (?:type|interface) (\w+)/gm)].map((match) => match[1]));

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: `:matches(TSInterfaceDeclaration, TSTypeAliasDeclaration)[id.name=/^(${contractTypes.join('|')})$/]`,
          message: 'This API shape is exported by src/contract; import it from there (src/web/api/types.ts re-exports it) instead of declaring it again.',
        },
      ],
    },
  },
  {
    // Product code never depends on test code or the Jira simulator: those stay out of what ships.
    // Tests beside the code (*.test.ts) may import them.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/test/**', '**/test'], message: 'src/ must not import test code; test helpers live in test/support/ and are imported by tests only.' },
            { group: ['**/jira-sim/**', '**/jira-sim'], message: 'src/ must not import the Jira simulator; wire it up in tools/ or a test.' },
          ],
        },
      ],
    },
  },
  {
    // Benchmarks share test/support/ with the tests, never a suite's own internals.
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // A regex: with gitignore-style groups, test/** would hide the test/support/** exception.
              regex: '(^|/)test/(?!support/)',
              message: 'bench/ may import test/support/** only; move what a benchmark shares with a test suite there.',
            },
          ],
        },
      ],
    },
  },
  {
    // The pure domain must not reach into I/O layers (nor, like all of src/, into tests or the
    // simulator: this block replaces the one above for src/core, so it repeats those two).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/web/**', '**/integrations/**', 'node:*', '**/test/**', '**/jira-sim/**'] }],
    },
  },
  {
    // The API contract is shared by server and web: zod, src/core and itself only (no I/O, no server code).
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/web/**', '**/integrations/**', 'node:*', '**/test/**', '**/jira-sim/**'] }],
    },
  },
);
