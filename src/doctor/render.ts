// Prints doctor's report: a coloured list with a fix under each problem, or one JSON document.
import chalk from "chalk";
import type { CheckResult, Status } from "./types.js";

const MARK: Record<Status, string> = { ok: chalk.green("✓"), warn: chalk.yellow("!"), fail: chalk.red("✗"), skip: chalk.dim("-") };

/** Why: one row per check; only problems carry a fix line; slow checks show their time. */
export function renderText(results: readonly CheckResult[], elapsedMs: number): string {
  const width = Math.max(...results.map((r) => r.title.length));
  const lines = results.map((r) => {
    const took = r.ms >= 1_000 && r.status !== "skip" ? chalk.dim(` (${(r.ms / 1000).toFixed(1)} s)`) : "";
    const cause = r.status === "skip" ? chalk.dim(r.cause) : r.cause;
    const row = `${MARK[r.status]} ${r.title.padEnd(width)}  ${cause}${took}`;
    return r.fix && (r.status === "fail" || r.status === "warn") ? `${row}\n  ${" ".repeat(width)}  ${chalk.dim("fix:")} ${r.fix}` : row;
  });
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  const summary = `${count("ok")} ok, ${count("warn")} warning${count("warn") === 1 ? "" : "s"}, ${count("fail")} failed, ${count("skip")} skipped in ${(elapsedMs / 1000).toFixed(1)} s`;
  return `${lines.join("\n")}\n\n${count("fail") ? chalk.red(summary) : count("warn") ? chalk.yellow(summary) : chalk.green(summary)}\n`;
}

/** Why: `--json` for scripts and bug reports: the same rows, plus the overall verdict. */
export function renderJson(results: readonly CheckResult[], elapsedMs: number): string {
  const ok = !results.some((r) => r.status === "fail");
  return `${JSON.stringify({ ok, elapsed_ms: elapsedMs, checks: results }, null, 2)}\n`;
}
