import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DynamoDB Local and fauxqs start once per run; tests reach them over real connections.
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    // The keyed hash of personal ids (shared/keyed-hash.ts) needs its key in every test process,
    // configured as a function's cold start does (tests/support/privacy-key.ts).
    env: { PRIVACY_HASH_KEY: 'test-privacy-hash-key-0123456789abcdef' },
    setupFiles: ['tests/support/privacy-key.ts'],
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
  },
});
