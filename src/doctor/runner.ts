// Runs every check at once, each under its own deadline, and keeps the report in the checks' order.
import type { Check, CheckResult, DoctorContext, Finding } from "./types.js";

const DEFAULT_TIMEOUT_MS = 5_000;

/** Why: checks are independent (shared facts are memoized), so the run takes as long as the slowest one. */
export async function runChecks(checks: readonly Check[], ctx: DoctorContext): Promise<CheckResult[]> {
  const rows = await Promise.all(checks.map((check) => runOne(check, ctx)));
  return rows.flat();
}

async function runOne(check: Check, ctx: DoctorContext): Promise<CheckResult[]> {
  const started = Date.now();
  const timeoutMs = check.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Finding>((resolve) => {
    timer = setTimeout(() => resolve({ status: "warn", cause: `no answer within ${timeoutMs / 1000} s`, fix: "run `ccproxy doctor` again when the machine is less busy" }), timeoutMs);
  });
  let found: Finding | Finding[];
  try {
    found = await Promise.race([check.run(ctx), deadline]);
  } catch (error) {
    found = { status: "fail", cause: `the check itself failed: ${error instanceof Error ? error.message : String(error)}`, fix: "this is a ccproxy bug; please report it" };
  } finally {
    clearTimeout(timer);
  }
  const ms = Date.now() - started;
  return (Array.isArray(found) ? found : [found]).map((f) => ({
    id: f.id ?? check.id,
    title: f.title ?? check.title,
    status: f.status,
    cause: f.cause,
    ...(f.fix ? { fix: f.fix } : {}),
    ms,
  }));
}

/** Why: exit 0 when nothing fails; warnings and skips never fail the run. */
export function exitCodeOf(results: readonly CheckResult[]): number {
  return results.some((r) => r.status === "fail") ? 1 : 0;
}
