// The package version, read once: shown by --version, reported by the hook server and kept in the state file.
import { readFileSync } from "node:fs";

/** Why: one source of truth (package.json) for every place that prints or records the version. */
export const version: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
