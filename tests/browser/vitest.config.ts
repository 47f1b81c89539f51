import { defineConfig } from "vitest/config";

// Browser tests run against the built dist/ (npm run test:browser builds it first), one file at a time.
export default defineConfig({
  test: {
    include: ["tests/browser/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
