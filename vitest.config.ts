import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests start real HTTP servers and open real SQLite files; give slow CI machines room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
