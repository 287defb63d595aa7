import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['electron/test/setup.ts'],
    // Generous: these are not speed checks (npm run bench is). A 2-core CI box running the demo
    // generator in several forks at once needs minutes for what takes seconds alone.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
