// The linter CI runs (`npm run lint`): typescript-eslint's recommended rules, plus the few that
// catch what reviews here keep finding. Type errors are tsc's job (`npm run typecheck`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.wecare/', 'test-results/', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      eqeqeq: ['error', 'smart'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    // The store is the only door to DynamoDB (ARCHITECTURE.md); tests/architecture checks the same.
    files: ['shared/**/*.{ts,tsx}', 'functions/**/*.{ts,tsx}'],
    ignores: ['shared/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^@aws-sdk/(client-dynamodb|util-dynamodb|lib-dynamodb|client-dynamodb-streams)$', message: 'Only shared/store talks to DynamoDB: call a store verb.' }] },
      ],
    },
  },
  {
    // The console's one browser module (served as is, no build step): the browser's globals.
    files: ['shared/console/assets/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { document: 'readonly', window: 'readonly', location: 'readonly', fetch: 'readonly', setTimeout: 'readonly', setInterval: 'readonly', clearTimeout: 'readonly', Intl: 'readonly', HTMLElement: 'readonly', HTMLTextAreaElement: 'readonly', HTMLInputElement: 'readonly', HTMLSelectElement: 'readonly', HTMLDialogElement: 'readonly', HTMLFormElement: 'readonly', KeyboardEvent: 'readonly', URL: 'readonly', CSS: 'readonly', Event: 'readonly' },
    },
  },
  {
    // Tests read synthesized templates and write raw payloads with ids past 2^53 on purpose.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-loss-of-precision': 'off' },
  },
);
