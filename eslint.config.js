import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronImport = {
  name: 'electron',
  message:
    'Only the Electron glue (electron/app, electron/ipc, main.ts, preload.ts) may import electron; the app core and the preview run without it.',
};
const noRendererFromMain = {
  group: ['**/renderer/**'],
  message: 'Main-side code never imports the renderer.',
};
const noMainFromOutside = {
  group: ['**/electron/**'],
  message: 'Only main-side code imports electron/.',
};
const noNodeBuiltins = { group: ['node:*'], message: 'This layer is pure: no Node built-ins.' };
const noEngineFromClient = {
  group: ['**/engine', '**/engine/**'],
  message:
    'The MASV client sits below the engine: electron/masv never imports electron/engine (the retry policy lives in electron/masv).',
};
const noGlue = {
  group: ['**/app/**', '**/ipc/**', '**/services/**', '../main', '../preload'],
  message: 'The engine and MASV client know nothing about the Electron glue or services.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'release/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      'bin/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['electron/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [noRendererFromMain, noGlue] },
      ],
    },
  },
  {
    files: ['electron/masv/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [noRendererFromMain, noGlue, noEngineFromClient] },
      ],
    },
  },
  {
    files: [
      'electron/services/**',
      'electron/core/**',
      'electron/preview/**',
      'electron/cli.ts',
      'electron/cli/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [noRendererFromMain] },
      ],
    },
  },
  {
    files: ['electron/app/**', 'electron/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'IPC goes through electron/ipc/.',
            },
          ],
          patterns: [noRendererFromMain],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [noNodeBuiltins, noMainFromOutside, noRendererFromMain],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // We do not run the React Compiler; TanStack Virtual's unmemoizable API is fine without it.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': [
        'error',
        { paths: [electronImport], patterns: [noNodeBuiltins, noMainFromOutside] },
      ],
    },
  },
  {
    files: ['test/**', 'bench/**', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Hand-written fakes of Electron and HTTP objects are loosely typed on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
