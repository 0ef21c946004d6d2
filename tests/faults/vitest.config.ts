import { defineConfig } from "vitest/config";

/** `pnpm test:faults`: real processes, killed and restarted on purpose; kept apart from `npm test`. */
export default defineConfig({
  test: {
    name: "faults",
    include: ["tests/faults/**/*.test.ts"],
    testTimeout: 170_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
  root: new URL("../..", import.meta.url).pathname,
});
