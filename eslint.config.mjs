// ESLint with typescript-eslint; src/core must not import vscode (it runs in the CLI and plain Node too).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'media/dist/', '.vscode-host/', '.vscode-test/', 'test-results/', 'test/env/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // a function longer than a screen is asking to be split (ARCHITECTURE.md's habits)
    files: ['src/**/*.ts', 'media/src/**/*.ts'],
    rules: { 'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'vscode', message: 'src/core never imports vscode: put editor code under src/editor, src/hosts or src/webviews.' },
          ],
        },
      ],
    },
  },
  {
    // the webview protocol is bundled into the front ends too
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/shared is bundled into the webviews: no vscode.' }],
          patterns: [{ group: ['node:*'], message: 'src/shared is bundled into the webviews: no Node modules.' }],
        },
      ],
    },
  },
  {
    files: ['media/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./)+src/(?!shared/)', message: 'the webview front ends import only src/shared.' }] },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
