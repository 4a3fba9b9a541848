// Interleaved rounds: every target gets the same share of each stretch of time, so machine drift cancels out.
import { groupCpuMs } from "./cpu.js";
import { driveLoad, type LoadSamples, type LoadSpec } from "./driver.js";
import { summarize } from "./stats.js";

/** Why: a target is a name for the report and the URL the same body is posted to. */
export interface Target {
  name: string;
  url: string;
  /** Process groups whose CPU time is charged to this target, by name. */
  meter?: Record<string, number>;
}

/** Why: round r starts at target r (mod n), so no target is always first after a pause or always last. */
export function roundPlan<T>(targets: readonly T[], rounds: number): { round: number; target: T }[] {
  const plan: { round: number; target: T }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < targets.length; i++) plan.push({ round, target: targets[(round + i) % targets.length]! });
  }
  return plan;
}

/** Why: rounds are pooled into one sample set per target before percentiles are taken. */
export function pool(into: LoadSamples | undefined, run: LoadSamples): LoadSamples {
  if (!into) {
    const copy = { ...run, total: [...run.total], ttfb: [...run.ttfb], litellmOverhead: [...run.litellmOverhead], statusCodes: { ...run.statusCodes } };
    return run.cpuMs ? { ...copy, cpuMs: { ...run.cpuMs } } : copy;
  }
  into.total.push(...run.total);
  into.ttfb.push(...run.ttfb);
  into.litellmOverhead.push(...run.litellmOverhead);
  into.completed += run.completed;
  into.non2xx += run.non2xx;
  into.socketErrors += run.socketErrors;
  into.elapsedS += run.elapsedS;
  into.cpuMs = into.cpuMs && run.cpuMs ? sumBy(into.cpuMs, run.cpuMs) : undefined;
  for (const [code, count] of Object.entries(run.statusCodes)) into.statusCodes[code] = (into.statusCodes[code] ?? 0) + count;
  return into;
}

/** Why: warm-up (discarded) wakes each target's caches and connection pools, then the rounds are measured. */
export async function runRounds(
  targets: readonly Target[],
  load: Omit<LoadSpec, "url" | "durationMs">,
  timing: { rounds: number; roundMs: number; warmupMs: number },
  progress: (line: string) => void,
  beforeMeasuring?: () => Promise<void>,
): Promise<Map<string, LoadSamples>> {
  for (const target of targets) await warmUp(target, { ...load, url: target.url, durationMs: timing.warmupMs }, progress);
  await beforeMeasuring?.();
  const pooled = new Map<string, LoadSamples>();
  for (const { round, target } of roundPlan(targets, timing.rounds)) {
    const run = await meteredLoad(target, { ...load, url: target.url, durationMs: timing.roundMs });
    pooled.set(target.name, pool(pooled.get(target.name), run));
    progress(`round ${round + 1}/${timing.rounds} ${target.name.padEnd(14)} ${describe(run)}`);
  }
  return pooled;
}

/** Why: CPU time per process group, read before and after the run (absent where /proc is not readable). */
async function meteredLoad(target: Target, spec: LoadSpec): Promise<LoadSamples> {
  const names = Object.keys(target.meter ?? {});
  const before = names.map((name) => groupCpuMs(target.meter![name]!));
  const run = await driveLoad(spec);
  const after = names.map((name) => groupCpuMs(target.meter![name]!));
  if (names.length === 0 || [...before, ...after].includes(undefined)) return run;
  return { ...run, cpuMs: Object.fromEntries(names.map((name, i) => [name, after[i]! - before[i]!])) };
}

function sumBy(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! + (b[k] ?? 0)]));
}

/** Why: LiteLLM's first requests take seconds (lazy imports); warm up until a run gets half the rate through (or
 * `done` says so), at most 3 tries. */
export async function warmUp(target: Target, spec: LoadSpec, progress: (line: string) => void, done?: (run: LoadSamples) => boolean): Promise<void> {
  const expected = 0.5 * spec.rate * (spec.durationMs / 1000);
  for (let attempt = 1; attempt <= 3; attempt++) {
    const warm = await driveLoad(spec);
    progress(`warm-up  ${target.name.padEnd(14)} ${describe(warm)} (discarded)`);
    if (done ? done(warm) : warm.completed >= expected) return;
  }
}

/** Why: one progress line per run: enough to spot trouble without waiting for the table. */
export function describe(run: LoadSamples): string {
  const s = summarize(run.total);
  const errors = run.non2xx + run.socketErrors;
  const rps = run.elapsedS > 0 ? run.completed / run.elapsedS : 0;
  return `${String(run.completed).padStart(6)} req  ${rps.toFixed(1).padStart(6)} rps  p50 ${s.p50.toFixed(2)} ms  p99 ${s.p99.toFixed(2)} ms  errors ${errors}`;
}
