import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // *.alone.test.ts measure the host's responsiveness, so they run by themselves afterwards
    // (npm test does: VITEST_ALONE=1), never beside other files competing for the same 2 cores.
    include: process.env.VITEST_ALONE
      ? ['electron/**/*.alone.test.ts']
      : ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: process.env.VITEST_ALONE ? [] : ['**/*.alone.test.ts', '**/node_modules/**'],
    environment: 'node',
    setupFiles: ['electron/test/setup.ts'],
    // Generous: these are not speed checks (npm run bench is). A 2-core CI box running the demo
    // generator in several forks at once needs minutes for what takes seconds alone.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
