import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Emulator traces and model fixtures are heavy; keep one file per worker and generous timeouts.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
