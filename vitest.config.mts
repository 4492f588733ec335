import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    environment: "node",
    // `*.alone.test.ts` time things against the wall clock: scripts/test.sh runs them apart (VITEST_ALONE=1).
    include: process.env.VITEST_ALONE ? ["**/*.alone.test.ts"] : ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", "data/**", ...(process.env.VITEST_ALONE ? [] : ["**/*.alone.test.ts"])],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
