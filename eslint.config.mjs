import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/*
 * Layer rules (issue 13), checked by `npm run lint` and so by CI. Imports run
 * renderer → shared ← electron; inside electron, host → api → db, and an api domain
 * reaches another domain only through its exported functions, never its handler map.
 * scripts/layers.test.ts shows each rule firing.
 */
const SHARED_RULES = [
  { group: ['electron', 'electron/*'], message: 'shared/ must not import Electron.' },
  {
    group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads'],
    message: 'shared/ must not import Node built-ins.',
  },
  { group: ['better-sqlite3', 'kysely'], message: 'shared/ must not touch the database.' },
  {
    group: [
      'react',
      'react-dom',
      '@mui/*',
      'ag-grid-*',
      '@ag-grid-community/*',
      'recharts',
      'i18next',
      'react-i18next',
      '@tanstack/*',
    ],
    message: 'shared/ must not import UI code.',
  },
  {
    regex: '^(\\.\\./)+(electron|renderer)(/|$)',
    message: 'shared/ must not import the main process or the renderer.',
  },
];
const DOMAIN_RULES = [
  ...SHARED_RULES,
  {
    regex: '^\\.\\./contract(/|$)',
    message: 'shared/domain holds the rules; the contract is built on them, not the other way round.',
  },
];
const RENDERER_RULES = [
  { group: ['electron', 'electron/*'], message: 'The renderer reaches main only through window.api.' },
  { regex: '^(\\.\\./)+electron(/|$)', message: 'renderer/ must not import from electron/: use window.api.' },
];
const DB_RULES = [
  {
    regex: '^(\\.\\./)+(api|host|main|server)(/|$)',
    message: 'electron/db is the floor: it imports nothing from api/, host/ or the hosts.',
  },
];
const CORE_RULES = [
  {
    regex: '^\\.\\./[^.]',
    message: 'api/core serves every domain and imports none of them (nor the handler map).',
  },
];
const API_DOMAIN_RULES = [
  {
    regex: '^\\.\\./([^./]+/)?handlers$',
    message: "A domain does not import another domain's handlers (or the whole map): call its exported functions.",
  },
];

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
      'no-restricted-imports': ['error', { patterns: SHARED_RULES }],
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
  {
    files: ['shared/domain/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: DOMAIN_RULES }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: RENDERER_RULES }] },
  },
  {
    files: ['electron/db/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: DB_RULES }] },
  },
  {
    files: ['electron/api/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: CORE_RULES }] },
  },
  {
    files: ['electron/api/*/**/*.ts'],
    ignores: ['electron/api/core/**', '**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: API_DOMAIN_RULES }] },
  },
);
