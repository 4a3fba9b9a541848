// Runs in every test file (vitest.config.ts setupFiles): whatever a file leaves under /tmp goes when it ends.
import { afterAll } from "vitest";
import { removeTempDirs } from "./temp-dir.js";

afterAll(removeTempDirs);
