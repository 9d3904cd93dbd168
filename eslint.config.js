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
    // The pure domain must not reach into I/O layers.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/server/**', '**/web/**', '**/integrations/**', 'node:*'] }],
    },
  },
);
