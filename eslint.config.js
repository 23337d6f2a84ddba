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
    files: ['src/language/**', 'src/geo/**', 'src/observations/**', 'src/verify/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/store/**', '**/stream/**', '**/server/**', '**/cli/**', '**/web/**'], message: 'core modules must not import from an edge (DESIGN.md, Layout)' }],
      }],
    },
  },
);
