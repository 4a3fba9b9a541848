import { defineConfig } from "vitest/config";

// Two projects: fast unit tests, and slow tests that spawn real processes (LiteLLM, the hook server).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "test/**/*.test.ts"],
          exclude: ["**/*.slow.test.ts", "node_modules/**"],
        },
      },
      {
        test: {
          name: "slow",
          include: ["test/**/*.slow.test.ts", "src/**/*.slow.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
