// Duration strings for --duration: "30s", "1m", "1m30s", "500ms" or a bare number of seconds.
import { CliError } from "../errors.js";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Why: users type durations the way autocannon and wrk accept them; the bench works in milliseconds. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return positive(Number(trimmed) * 1_000, text);
  if (!/^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(trimmed)) {
    throw new CliError(`--duration ${JSON.stringify(text)} is not a duration`, { exitCode: 2, hint: "use e.g. 30s, 2m, 1m30s or 500ms" });
  }
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return positive(total, text);
}

function positive(ms: number, text: string): number {
  if (ms > 0) return Math.round(ms);
  throw new CliError(`--duration ${JSON.stringify(text)} must be longer than zero`, { exitCode: 2 });
}
