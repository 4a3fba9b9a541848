// `--since`: a duration back from now (30m, 24h, 7d, 2w), a local calendar date, or an ISO time.
/** Why: `usage` looks back a week unless told otherwise; its --help says so too. */
export const DEFAULT_SINCE = "7d";

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Why: one reading of --since for `usage` (and anything else that looks back); throws an Error naming the forms. */
export function parseSince(value: string, now: Date = new Date()): Date {
  const text = value.trim();
  const duration = /^(\d+)\s*(m|h|d|w)$/i.exec(text);
  if (duration) return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[duration[2]!.toLowerCase()]!);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const local = new Date(year, month - 1, day); // local midnight: a user's "since Monday" is their Monday
    if (local.getMonth() === month - 1 && local.getDate() === day) return local;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))) {
    return new Date(text);
  }
  throw new Error(`expected a duration (30m, 24h, 7d, 2w), a date (2026-11-01) or an ISO time, got "${value}"`);
}
