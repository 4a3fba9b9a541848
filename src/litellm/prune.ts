// `ccproxy init --prune`: the cache dir keeps one managed venv per pinned LiteLLM; upgrades leave the old ones behind.
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { resolveCacheDir } from "../paths.js";
import { litellmPin } from "./pin.js";

/** Why: "1.108.7" < "1.109.0", numerically, part by part. */
export function olderVersion(a: string, b: string): boolean {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    if (x !== y) return x < y;
  }
  return false;
}

/** Why: removes litellm-<version> venvs (with their install log) older than this ccproxy's pin and returns their paths.
 * Kept: the current pin, newer pins (another ccproxy install may use them), anything that is not a venv, and a venv
 * whose install lock is held right now. */
export function pruneManagedVenvs(cacheDir = resolveCacheDir(), pin = litellmPin()): string[] {
  if (!existsSync(cacheDir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(cacheDir)) {
    const version = /^litellm-(\d+(?:\.\d+)*)$/.exec(name)?.[1];
    const venv = join(cacheDir, name);
    if (!version || !olderVersion(version, pin) || !existsSync(join(venv, "pyvenv.cfg")) || existsSync(`${venv}.lock`)) continue;
    rmSync(venv, { recursive: true, force: true });
    rmSync(`${venv}.install.log`, { force: true });
    removed.push(venv);
  }
  return removed;
}
