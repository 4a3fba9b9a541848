// The programmatic doctor: run the checks for a config dir and return the report.
import { doctorChecks } from "./checks/index.js";
import { createContext } from "./context.js";
import { runChecks } from "./runner.js";
import type { Check, CheckResult } from "./types.js";

/** Why: the command and the tests call the same function; `checks` lets tests run a subset. */
export async function runDoctor(dir: string, options: { live?: boolean; checks?: Check[] } = {}): Promise<{ results: CheckResult[]; elapsedMs: number }> {
  const started = Date.now();
  const results = await runChecks(options.checks ?? doctorChecks(options), createContext(dir));
  return { results, elapsedMs: Date.now() - started };
}
