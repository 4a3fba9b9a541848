// A lock between ccproxy processes (two first runs at once), stale-safe: a holder that dies leaves a lock that
// expires, because the holder refreshes it while it lives (proper-lockfile: a mkdir lock with a refreshed mtime).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";

/** Why: a holder refreshes the lock every STALE_MS / 2; a lock older than this is a dead holder's and is taken over. */
export const STALE_MS = 20_000;

/** Why: how long to wait, what to say while waiting; `staleMs` is shorter in tests. */
export interface LockOptions {
  onWait?: () => void;
  waitMs?: number;
  staleMs?: number;
}

/** Why: takes `<path>.lock`, waiting while another live process holds it; resolves with an idempotent release. */
export async function acquireFileLock(path: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const lockfilePath = `${path}.lock`;
  const until = Date.now() + (options.waitMs ?? 15 * 60_000);
  mkdirSync(dirname(path), { recursive: true });
  // Compromised (the refresh failed, e.g. after a suspend, and another process took it over): carry on rather than
  // crash mid-install; the worst case is the race the lock exists to avoid, and a venv counts only once its marker is.
  const onCompromised = () => {};
  let told = false;
  for (;;) {
    try {
      const release = await lockfile.lock(path, { lockfilePath, realpath: false, stale: options.staleMs ?? STALE_MS, onCompromised });
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await release().catch(() => {}); // already compromised: nothing left to release
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED" || Date.now() > until) throw error;
      if (!told) options.onWait?.();
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** Why: runs `fn` while holding the lock `<path>.lock`. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const release = await acquireFileLock(path, options);
  try {
    return await fn();
  } finally {
    await release();
  }
}
