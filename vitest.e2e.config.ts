// End-to-end suite: Debian's Chromium driven by playwright-core against hubs
// the tests start themselves (tests/support/hub-process.ts). Files run one at a
// time: two cores cannot host several browsers and hubs at once reliably.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
