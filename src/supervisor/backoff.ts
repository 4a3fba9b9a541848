// Restart policy for crashed children: exponential backoff, and a crash budget per time window.

/** Why: a crash restarts fast (0.5 s), a flapping child backs off (doubling, at most 10 s), and 5 crashes in 60 s mean
 * a broken install, not bad luck: give up and say so rather than spin. */
export const DEFAULT_POLICY = { baseMs: 500, maxMs: 10_000, maxCrashes: 5, windowMs: 60_000 } as const;

/** Why: one policy object travels from the CLI flags to the state machine and the tests. */
export type RestartPolicy = { baseMs: number; maxMs: number; maxCrashes: number; windowMs: number };

/** Why: the n-th crash in a row (1-based) waits base × 2^(n−1), capped, so a flapping child cannot spin. */
export function backoffDelay(crashes: number, policy: RestartPolicy = DEFAULT_POLICY): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, crashes - 1));
}

/** Why: remembers crash times per child and says when the budget for the window is spent. */
export class CrashWindow {
  private times: number[] = [];
  constructor(private readonly policy: RestartPolicy = DEFAULT_POLICY) {}

  /** Records a crash at `now` and returns how many crashes fall inside the window. */
  record(now: number): number {
    this.times = [...this.times.filter((t) => now - t < this.policy.windowMs), now];
    return this.times.length;
  }

  /** True once `maxCrashes` crashes happened within one window: time to give up. */
  exhausted(): boolean {
    return this.times.length >= this.policy.maxCrashes;
  }
}
