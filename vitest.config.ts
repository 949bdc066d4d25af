// Unit and integration suites: real PouchDB in temporary directories, the app
// built in-process and called with app.inject, hub processes spawned where a
// test needs a real process (locks, signals, restarts).
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  test: {
    include: ['server/**/*.test.ts', 'sync/**/*.test.ts', 'content/**/*.test.ts', 'client/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
