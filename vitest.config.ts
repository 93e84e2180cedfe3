import { defineConfig } from 'vitest/config';

// Tests that measure the server's responsiveness (p99 of /healthz while a hostile or heavy load
// runs) measure the machine too: next to other test files on a 2-core CI machine they would
// measure those files. They run after everything else, one file at a time.
const RESPONSIVENESS = ['test/security/catastrophic-regex.test.ts', 'test/http/local-grading-responsiveness.test.ts'];

export default defineConfig({
  test: {
    // Tests start real HTTP servers and open real SQLite files; give slow CI machines room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: RESPONSIVENESS, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'responsiveness', include: RESPONSIVENESS, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
