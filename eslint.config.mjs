import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', 'screenshots/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Renderer layers: app/ is the root that imports every feature; nothing below imports it back,
    // and lib/ (transport, api, router, format) imports no feature or component. no-restricted-syntax,
    // so it composes with any no-restricted-imports rule on the same files.
    files: ['renderer/src/{features,components,lib,i18n}/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/(^|\\/)app\\//]',
          message: 'Only the root (renderer/src/app) imports app/; move what you need to lib/ or components/.',
        },
      ],
    },
  },
  {
    files: ['renderer/src/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/(^|\\/)(app|features|components)\\//]',
          message: 'lib/ is the floor of the renderer: it imports no app, feature or component module.',
        },
      ],
    },
  },
  {
    // shared/ is pure TypeScript used by both processes: no Electron, Node, database or DOM.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'shared/ must not import Electron.' },
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads'],
              message: 'shared/ must not import Node built-ins.',
            },
            { group: ['better-sqlite3', 'kysely'], message: 'shared/ must not touch the database.' },
            { group: ['react', 'react-dom', '@mui/*', 'ag-grid-*'], message: 'shared/ must not import UI code.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'localStorage',
        'sessionStorage',
        'navigator',
        'location',
        'process',
        'require',
        'Buffer',
        '__dirname',
      ],
    },
  },
);
