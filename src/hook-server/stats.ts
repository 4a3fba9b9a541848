// Counters behind GET /v1/stats: what was decided, what failed, and how long deciding took.
import type { RouteDecision } from "../routing/types.js";
import { HookTimes, type TimingBatch } from "./hook-times.js";
import { LatencyHistogram } from "./latency-histogram.js";

/** Why: the default label (no rule matched) needs a key in the per-rule table. */
export const DEFAULT_RULE_KEY = "(default)";

function bump(table: Record<string, number>, key: string): void {
  table[key] = (table[key] ?? 0) + 1;
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

  /** Why: the GET /v1/stats body; `buckets` (GET /v1/stats?buckets=1) adds the hook's raw pooled counts. */
  snapshot(buckets = false) {
    return {
      uptime_s: Math.round((Date.now() - this.startedAt) / 1000),
      decisions: { by_label: { ...this.byLabel }, by_rule: { ...this.byRule } },
      need_text: this.needText,
      errors: { ...this.errors },
      decide_us: this.decideTime.summary(),
      hook_us: this.hookTimes.snapshot(buckets),
    };
  }
}
