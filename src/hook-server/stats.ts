// Counters behind GET /v1/stats: what was decided, what failed, and how long deciding took.
import type { RouteDecision } from "../routing/types.js";
import { HookTimes, type TimingBatch } from "./hook-times.js";
import { HttpError } from "./http-error.js";
import { LatencyHistogram } from "./latency-histogram.js";

/** Why: the default label (no rule matched) needs a key in the per-rule table. */
export const DEFAULT_RULE_KEY = "(default)";

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
}

function add(table: Record<string, number>, key: string, n: number): void {
  table[key] = (table[key] ?? 0) + n;
}

/** Why: what each LiteLLM worker pushes every few seconds (templates/ccproxy_hook_pkg/served.py). */
export interface ServedBatch {
  served: { route: string; served: string; n: number }[];
  exhausted: { route: string; n: number }[];
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const MAX_ROWS = 256;

/** Why: a batch is counted only if every row is well formed; labels are checked so the stats never hold junk. */
export function validateServedBatch(body: unknown): ServedBatch {
  const fail = (what: string): never => {
    throw new HttpError(400, `served batch: ${what}`);
  };
  if (typeof body !== "object" || body === null || (body as { v?: unknown }).v !== 1) fail("expected an object with v: 1");
  const { served, exhausted } = body as { served?: unknown; exhausted?: unknown };
  const rows = (list: unknown, name: string): Record<string, unknown>[] => {
    if (list === undefined) return [];
    if (!Array.isArray(list) || list.length > MAX_ROWS) fail(`${name} must be an array of at most ${MAX_ROWS} rows`);
    return list as Record<string, unknown>[];
  };
  const label = (value: unknown, blankOk: boolean) => (blankOk && value === "") || (typeof value === "string" && LABEL.test(value));
  const count = (value: unknown) => Number.isInteger(value) && (value as number) > 0 && (value as number) < 1e9;
  const servedRows = rows(served, "served").map((row) => {
    if (!label(row.route, true) || !label(row.served, false) || !count(row.n)) fail("served rows are {route, served, n}");
    return { route: row.route as string, served: row.served as string, n: row.n as number };
  });
  const exhaustedRows = rows(exhausted, "exhausted").map((row) => {
    if (!label(row.route, true) || !count(row.n)) fail("exhausted rows are {route, n}");
    return { route: row.route as string, n: row.n as number };
  });
  return { served: servedRows, exhausted: exhaustedRows };
}

/** Why: one place that counts, so the server's handlers stay free of bookkeeping. */
export class HookStats {
  private readonly startedAt = Date.now();
  private readonly byLabel: Record<string, number> = Object.create(null);
  private readonly byRule: Record<string, number> = Object.create(null);
  private readonly errors: Record<string, number> = Object.create(null);
  private readonly decideTime = new LatencyHistogram();
  private readonly hookTimes = new HookTimes();
  private needText = 0;
  private readonly servedBy: Record<string, number> = Object.create(null);
  private readonly fallbacks: Record<string, number> = Object.create(null);
  private readonly exhausted: Record<string, number> = Object.create(null);

  /** Counts a successful decision and how long `route` took (µs). */
  recordDecision(decision: RouteDecision, micros: number): void {
    bump(this.byLabel, decision.label);
    bump(this.byRule, decision.rule ?? DEFAULT_RULE_KEY);
    this.decideTime.record(micros);
  }

  /** Counts a {need: "text"} answer; it is timed like a decision. */
  recordNeedText(micros: number): void {
    this.needText++;
    this.decideTime.record(micros);
  }

  /** Counts an error answer by its type (ValidationError, NotFound, Unknown, …). */
  recordError(type: string): void {
    bump(this.errors, type);
  }

  /** Adds a LiteLLM worker's step times (POST /v1/events `timing`). */
  recordHookTimes(batch: TimingBatch): void {
    this.hookTimes.add(batch);
  }

  /** Counts a LiteLLM worker's batch of served requests (POST /v1/served): who served, and which fell back from where. */
  recordServed(batch: ServedBatch): void {
    for (const { route, served, n } of batch.served) {
      add(this.servedBy, served, n);
      if (route && route !== served) add(this.fallbacks, `${route}→${served}`, n);
    }
    for (const { route, n } of batch.exhausted) add(this.exhausted, route || "(unknown)", n);
  }

  /** Why: the GET /v1/stats body; `buckets` (GET /v1/stats?buckets=1) adds the hook's raw counts. */
  snapshot(buckets = false) {
    return {
      uptime_s: Math.round((Date.now() - this.startedAt) / 1000),
      decisions: { by_label: { ...this.byLabel }, by_rule: { ...this.byRule } },
      need_text: this.needText,
      errors: { ...this.errors },
      decide_us: this.decideTime.summary(),
      served: { by_label: { ...this.servedBy }, fallbacks: { ...this.fallbacks }, chain_exhausted: { ...this.exhausted } },
      hook_us: this.hookTimes.snapshot(buckets),
    };
  }
}
