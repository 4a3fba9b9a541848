// How many LiteLLM worker processes: a number, or `auto` (one per core, capped).
import { availableParallelism } from "node:os";

/** Why: each LiteLLM worker holds ~0.5 GB; past four the memory outgrows what one developer's traffic can use. */
export const AUTO_WORKERS_CAP = 4;

/** Why: LiteLLM spends its CPU in one Python event loop per worker, so a worker per core is what scales (bench/README.md). */
export function autoWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(cores, AUTO_WORKERS_CAP));
}

/** Why: `--workers auto|N` for `start`, `restart` and `bench`; a typo is refused before anything runs. */
export function parseWorkers(text: string, cores?: number): number {
  if (text === "auto") return autoWorkers(cores);
  const n = Number(text);
  if (text.trim() === "" || !Number.isInteger(n) || n < 1 || n > 64) throw new Error(`expected "auto" or a whole number 1-64, got "${text}"`);
  return n;
}
