import { defineConfig } from "vitest/config";

// Tests live under test/, mirroring src/. Two projects: fast unit tests, and slow tests (*.slow.test.ts)
// that spawn real processes (LiteLLM, the hook server), one file at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          setupFiles: ["test/support/setup.ts"],
          include: ["test/**/*.test.ts"],
          exclude: ["**/*.slow.test.ts", "node_modules/**"],
        },
      },
      {
        test: {
          name: "slow",
          setupFiles: ["test/support/setup.ts"],
          include: ["test/**/*.slow.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
