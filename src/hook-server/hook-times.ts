// The Python hook's own time per request (templates/ccproxy_hook_pkg/timing.py), per LiteLLM worker and pooled.
import { HttpError } from "./http-error.js";
import { LatencyHistogram, type LatencySummaryUs, type SparseBuckets } from "./latency-histogram.js";

/** Why: the steps the hook times: all of its routing, then its parts, and the hook server's decision as it answered. */
export const HOOK_STEPS = ["hook", "summary", "round_trip", "apply", "decide"] as const;
export type HookStep = (typeof HOOK_STEPS)[number];

/** Why: one worker's (or all workers') step percentiles, in µs, as /v1/stats shows them. */
export type StepSummaries = Partial<Record<HookStep, LatencySummaryUs>>;

/** Why: a worker's counts since its last shipment, as POST /v1/events carries them in `timing`. */
export interface TimingBatch {
  worker: string;
  steps: Partial<Record<HookStep, { buckets: SparseBuckets; max: number }>>;
}

/** Why: workers come and go (restarts); a bounded table keeps the most recently heard ones. */
const MAX_WORKERS = 64;
const WORKER = /^[0-9]{1,10}$/;

/** Why: a malformed `timing` is the sender's bug: answered 400 before anything is counted. */
export function validateTiming(value: unknown): TimingBatch {
  const fail = (what: string): never => {
    throw new HttpError(400, `timing: ${what}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail("expected {worker, steps}");
  const { worker, steps } = value as { worker?: unknown; steps?: unknown };
  if (typeof worker !== "string" || !WORKER.test(worker)) fail("worker: expected a process id string");
  if (typeof steps !== "object" || steps === null || Array.isArray(steps)) fail("steps: expected an object");
  const checked: TimingBatch["steps"] = {};
  for (const [step, entry] of Object.entries(steps as object)) {
    if (!(HOOK_STEPS as readonly string[]).includes(step)) fail(`steps.${step}: unknown step; known: ${HOOK_STEPS.join(", ")}`);
    const { buckets, max } = (entry ?? {}) as { buckets?: unknown; max?: unknown };
    if (typeof max !== "number" || !Number.isInteger(max) || max < 0) fail(`steps.${step}.max: expected a whole number of µs`);
    if (typeof buckets !== "object" || buckets === null || Array.isArray(buckets)) fail(`steps.${step}.buckets: expected {index: count}`);
    for (const [index, count] of Object.entries(buckets as object)) {
      if (!LatencyHistogram.isBucket(Number(index)) || !Number.isInteger(count) || count < 1) fail(`steps.${step}.buckets: bad entry ${index}`);
    }
    checked[step as HookStep] = { buckets: buckets as SparseBuckets, max: max as number };
  }
  return { worker: worker as string, steps: checked };
}

/** Why: merges the workers' shipments; percentiles per worker and over all of them, forever, in constant memory. */
export class HookTimes {
  private readonly workers = new Map<string, Map<HookStep, LatencyHistogram>>();
  private readonly pooled = new Map<HookStep, LatencyHistogram>();

  /** Adds one worker's batch (already validated). */
  add(batch: TimingBatch): void {
    let mine = this.workers.get(batch.worker);
    if (mine) this.workers.delete(batch.worker); // re-inserted last: the map's order is most recently heard
    else mine = new Map();
    this.workers.set(batch.worker, mine);
    if (this.workers.size > MAX_WORKERS) this.workers.delete(this.workers.keys().next().value!);
    for (const [step, { buckets, max }] of Object.entries(batch.steps) as [HookStep, { buckets: SparseBuckets; max: number }][]) {
      histogram(mine, step).addBuckets(buckets, max);
      histogram(this.pooled, step).addBuckets(buckets, max);
    }
  }

  /** Why: the `hook_us` section of /v1/stats; `withBuckets` adds the raw counts (the bench diffs two readings). */
  snapshot(withBuckets = false) {
    const summaries = (table: Map<HookStep, LatencyHistogram>): StepSummaries => Object.fromEntries([...table].map(([step, h]) => [step, h.summary()]));
    const raw = (table: Map<HookStep, LatencyHistogram>) => Object.fromEntries([...table].map(([step, h]) => [step, h.buckets()]));
    const perWorker = <T>(f: (table: Map<HookStep, LatencyHistogram>) => T) => Object.fromEntries([...this.workers].map(([worker, table]) => [worker, f(table)]));
    return {
      pooled: summaries(this.pooled),
      workers: perWorker(summaries),
      ...(withBuckets ? { buckets: { pooled: raw(this.pooled), workers: perWorker(raw) } } : {}),
    };
  }
}

function histogram(table: Map<HookStep, LatencyHistogram>, step: HookStep): LatencyHistogram {
  let found = table.get(step);
  if (!found) table.set(step, (found = new LatencyHistogram()));
  return found;
}
