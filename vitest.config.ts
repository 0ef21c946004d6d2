import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["api/src/**/*.test.ts", "seeds/**/*.test.ts", "tests/contract/**/*.test.ts"],
          exclude: ["**/node_modules/**"],
        },
      },
      {
        test: {
          name: "db",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/setup/database.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Webhook tests deliver to a real receiver on 127.0.0.1; production refuses such addresses.
          env: { WEBHOOK_ALLOW_PRIVATE_HOSTS: "1" },
        },
      },
      {
        test: {
          name: "security",
          include: ["tests/security/**/*.test.ts"],
          exclude: ["**/node_modules/**", "tests/security/**/*.browser.test.ts"],
          globalSetup: ["tests/setup/database.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts", "tests/security/**/*.browser.test.ts"],
          globalSetup: ["tests/setup/portal.ts"],
          testTimeout: 90_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
