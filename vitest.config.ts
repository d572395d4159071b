import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // bin/plugstate.js runs the build in dist/: brought up to date before any test spawns it.
    globalSetup: ['test/build-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // A test that asserts nothing fails.
    expect: { requireAssertions: true },
  },
});
