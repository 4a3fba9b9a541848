// The shapes every doctor check shares: what a check is, what it found, and what the runner reports.
import type { LoadedConfig } from "../config/load.js";
import type { configFiles } from "../paths.js";
import type { ProxyState } from "../state/state-file.js";
import type { LitellmInstallInfo, PythonFacts } from "./python-facts.js";
import type { SiteScan } from "./site-scan.js";

/** Why: four verdicts; only "fail" makes `ccproxy doctor` exit 1. */
export type Status = "ok" | "warn" | "fail" | "skip";

/** Why: one line of cause and one line of fix, so the report reads as a to-do list. */
export interface Finding {
  status: Status;
  cause: string;
  fix?: string;
  /** Set when one check reports several rows (one per label); overrides the check's own id and title. */
  id?: string;
  title?: string;
}

/** Why: what the runner prints and `--json` emits, one per row. */
export interface CheckResult {
  id: string;
  title: string;
  status: Status;
  cause: string;
  fix?: string;
  ms: number;
}

/** Why: a check is a small function over shared, memoized facts; the runner times it out. */
export interface Check {
  id: string;
  title: string;
  /** Budget before the runner gives up on it (default 5 s). */
  timeoutMs?: number;
  run(ctx: DoctorContext): Promise<Finding | Finding[]>;
}

/** Why: facts several checks need are computed once per run (a Python start costs seconds). */
export interface DoctorContext {
  dir: string;
  files: ReturnType<typeof configFiles>;
  /** ccproxy.yaml loaded as `start` loads it; rejects with a ConfigError. */
  config(): Promise<LoadedConfig>;
  /** Which LiteLLM this config dir uses and the Python it runs on; undefined when none is installed. */
  install(): LitellmInstallInfo | undefined;
  /** That install's site-packages read as files (nothing run); undefined when there is no install. */
  siteScan(): SiteScan | undefined;
  /** Version, site-packages of that Python; undefined when there is no install, Python fails, or siteScan found an
   * indicator (that Python is then never run). */
  facts(): Promise<PythonFacts | undefined>;
  /** litellm.provider_list of that install. */
  providers(): Promise<ReadonlySet<string>>;
  /** The running proxy of this config dir (a stale state file counts as not running). */
  running(): ProxyState | undefined;
}
