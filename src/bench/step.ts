// Finding the highest rate a target sustains: grow the rate until a step fails, then bisect.
import { setTimeout as sleep } from "node:timers/promises";
import type { LoadSamples } from "./driver.js";
import { describe } from "./rounds.js";

/** Why: the search only needs to know, per tried rate, whether it held. */
export interface Step {
  rate: number;
  sustained: boolean;
}

/** Why: "sustains" = no errors at all and at least 95 % of the asked rate actually achieved. */
export function sustains(rate: number, run: LoadSamples): boolean {
  const achieved = run.elapsedS > 0 ? run.completed / run.elapsedS : 0;
  return run.non2xx + run.socketErrors === 0 && achieved >= 0.95 * rate;
}

/** Why: the highest rate that held so far (undefined while none has). */
export function bestRate(steps: readonly Step[]): number | undefined {
  const held = steps.filter((s) => s.sustained).map((s) => s.rate);
  return held.length ? Math.max(...held) : undefined;
}

/** Why: pure next-step logic: ×growth while passing, then bisect until the gap is within `precision` of the best. */
export function nextRate(steps: readonly Step[], growth = 1.5, precision = 0.1): number | undefined {
  const best = bestRate(steps);
  const failed = steps.filter((s) => !s.sustained).map((s) => s.rate);
  const lowestFail = failed.length ? Math.min(...failed) : undefined;
  if (lowestFail === undefined) return best === undefined ? undefined : Math.max(best + 1, Math.round(best * growth));
  const floor = best ?? 0;
  if (lowestFail - floor <= Math.max(1, floor * precision)) return undefined;
  return Math.round((floor + lowestFail) / 2);
}

/** Why: after a step it could not hold, a target still works off what queued (requests, LiteLLM's logging tasks):
 * measured right away, that backlog would fail the next, lower step too. */
export const REST_AFTER_FAILURE_MS = 3_000;

/** Why: drives one target step by step, printing each, and returns the best rate with every step tried. */
export async function findMaxRate(
  start: number,
  run: (rate: number) => Promise<LoadSamples>,
  progress: (line: string) => void,
  { maxSteps = 10, rest = sleep }: { maxSteps?: number; rest?: (ms: number) => Promise<unknown> } = {},
): Promise<{ best: number | undefined; steps: Step[] }> {
  const steps: Step[] = [];
  for (let rate: number | undefined = start; rate !== undefined && steps.length < maxSteps; rate = nextRate(steps)) {
    if (steps.at(-1)?.sustained === false) await rest(REST_AFTER_FAILURE_MS);
    const samples = await run(rate);
    const held = sustains(rate, samples);
    steps.push({ rate, sustained: held });
    progress(`step ${String(rate).padStart(5)} rps  ${describe(samples)}  ${held ? "held" : "NOT sustained"}`);
  }
  return { best: bestRate(steps), steps };
}
