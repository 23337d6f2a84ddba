import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'schema/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The core never reaches out to the edges (DESIGN.md, "Layout").
    files: ['src/language/**', 'src/geo/**', 'src/observations/**', 'src/verify/**', 'src/common/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/store/**', '**/stream/**', '**/server/**', '**/cli/**', '**/web/**'], message: 'core modules must not import from an edge (DESIGN.md, Layout)' }],
      }],
    },
  },
  {
    // language, geo and observations stand on their own (and on src/common); only verify combines them.
    files: ['src/language/**', 'src/geo/**', 'src/observations/**', 'src/common/**'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/store/**', '**/stream/**', '**/server/**', '**/cli/**', '**/web/**'], message: 'core modules must not import from an edge (DESIGN.md, Layout)' },
          { group: ['**/verify/**', '**/negotiate/**', '**/record/**'], message: 'language, geo and observations know nothing of verify, negotiate or record (DESIGN.md, Layout)' },
        ],
      }],
    },
  },
);
