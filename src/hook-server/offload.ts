// The hook server's worker thread, main side: big summaries and exact token counts run there, never on the event loop.
import { Worker } from "node:worker_threads";
import type { TokenCount } from "../routing/tokens.js";
import type { RouteSummary } from "../routing/types.js";
import { HttpError } from "./http-error.js";
import type { Logger } from "./logger.js";

/** Why: bodies up to this size are parsed on the event loop (≤ ~0.5 ms even for the worst JSON shape); bigger ones,
 * and every body carrying `text`, go to the worker. Summaries without text are ~300 bytes. */
export const INLINE_PARSE_BYTES = 64 * 1024;

/** Why: the worker's old-generation heap limit (see spawnWorker). */
const WORKER_HEAP_MB = 256;

/** Why: a burst of near-threshold requests queues here; each job is bounded by its deadline, so the queue is too. */
export const MAX_PENDING = 16;

/** Why: what the main thread sends: the raw body (transferred, not copied) and the counting limits. */
export interface WorkerJob {
  id: number;
  bytes: Uint8Array;
  stopAbove?: number;
  /** Wall-clock deadline (performance.timeOrigin + performance.now() of the sender). */
  deadlineEpochMs: number;
  budgetMs: number;
}

/** Why: the worker's sign of life besides answers: its modules and the tokenizer's tables are loaded. */
export type WorkerReady = "ready";

/** Why: a worker not ready after this long is stuck (a cold start, tokenizer included, takes ~0.25 s built, ~0.7 s
 * under tsx; a loaded machine can take seconds). */
const START_TIMEOUT_MS = 15_000;

/** Why: what comes back, always small: the summary without `text`, or why there is none. */
export type WorkerAnswer =
  | { id: number; summary: RouteSummary; counted?: TokenCount }
  | { id: number; invalid: string }
  | { id: number; failed: string };

/** Why: the limits one job runs under; the service derives them from the current config. */
export interface CountPolicy {
  /** Stop counting once past this (the largest `tokens` threshold); undefined: count everything. */
  stopAbove?: number;
  /** Time for the whole job, queueing included; counting then stops and the estimate decides. */
  budgetMs: number;
}

/** Why: the worker could not take or finish the job (503 RouteOverloaded); the hook then applies its failure policy. */
function overloaded(message: string): HttpError {
  return new HttpError(503, message, { type: "RouteOverloaded" });
}

/** Why: a small text round the worker cannot take is decided from the estimate rather than failed. */
export function isOverloaded(error: unknown): error is HttpError {
  return error instanceof HttpError && error.type === "RouteOverloaded";
}

interface Pending {
  resolve(answer: WorkerAnswer): void;
  reject(error: Error): void;
}

/** Why: one lazily started worker thread, jobs in order, and a watchdog: a worker that makes no progress for a job's
 * budget plus `graceMs` is terminated (its jobs fail with 503 RouteOverloaded) and the next job starts a fresh one. */
export class SummaryWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private watchdog: NodeJS.Timeout | undefined;
  private stallMs = 0;
  private closed = false;
  /** The current worker has loaded its modules and the tokenizer (a cold start, under tsx or on a loaded machine,
   * is not a stall). */
  private ready = false;

  constructor(private readonly logger: Logger, private readonly graceMs = 500) {}

  /** Jobs waiting or running. */
  get size(): number {
    return this.pending.size;
  }

  /** Why: parse, validate, cap and (with `text`) count one body off the event loop. A body that owns its whole
   * ArrayBuffer (readBody's big bodies) is moved to the worker, not copied: the caller must not use it afterwards. */
  run(body: Buffer, policy: CountPolicy): Promise<WorkerAnswer> {
    if (this.closed) return Promise.reject(overloaded("hook server is closing"));
    if (this.pending.size >= MAX_PENDING) {
      return Promise.reject(overloaded(`${MAX_PENDING} large or counted requests already in progress`));
    }
    const worker = this.start();
    const id = this.nextId++;
    // A slice of a larger (pooled) buffer cannot be moved: copy it (small bodies only).
    const owned = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && !(body.buffer instanceof SharedArrayBuffer);
    const bytes = owned ? new Uint8Array(body.buffer as ArrayBuffer) : new Uint8Array(body); // copies
    const job: WorkerJob = {
      id, bytes, budgetMs: policy.budgetMs,
      deadlineEpochMs: performance.timeOrigin + performance.now() + policy.budgetMs,
    };
    if (policy.stopAbove !== undefined) job.stopAbove = policy.stopAbove;
    return new Promise<WorkerAnswer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(job, [bytes.buffer]);
      this.stallMs = Math.max(this.stallMs, policy.budgetMs + this.graceMs);
      if (!this.watchdog) this.arm();
    });
  }

  /** Why: starts the thread, which loads the tokenizer (~200 ms, ~20 MB), ahead of the first near-threshold request. */
  warm(): void {
    if (!this.closed) this.start();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stop(overloaded("hook server is closing"));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker();
    worker.unref();
    this.ready = false;
    worker.on("message", (message: WorkerAnswer | WorkerReady) => {
      if (message === "ready") this.ready = true;
      else {
        const job = this.pending.get(message.id);
        this.pending.delete(message.id);
        job?.resolve(message);
      }
      this.arm(); // progress: the watchdog restarts from here
    });
    worker.on("error", (error) => {
      this.logger.error(`summary worker failed: ${error.stack ?? error.message}`);
      this.stop(overloaded("the summary worker failed; see the hook server log"));
    });
    worker.on("exit", () => {
      if (this.worker === worker) this.stop(overloaded("the summary worker exited"));
    });
    return (this.worker = worker);
  }

  private arm(): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    if (this.pending.size === 0) {
      this.stallMs = 0;
      return;
    }
    const ms = this.ready ? this.stallMs : START_TIMEOUT_MS;
    this.watchdog = setTimeout(() => {
      const what = this.ready ? `made no progress for ${ms} ms` : `did not start within ${ms} ms`;
      this.logger.warn(`summary worker ${what}; restarting it (${this.pending.size} job(s) fail)`);
      this.stop(overloaded(this.ready ? `routing work for this request exceeded ${ms} ms` : `the summary worker ${what}`));
    }, ms);
    this.watchdog.unref();
  }

  private stop(error: Error): void {
    clearTimeout(this.watchdog);
    this.watchdog = undefined;
    this.stallMs = 0;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job.reject(error);
  }
}

/** Why: built code runs the compiled worker; under vitest or tsx (TypeScript sources) the worker registers tsx first. */
function spawnWorker(): Worker {
  const fromSource = import.meta.url.endsWith(".ts");
  const entry = new URL(`./summary-worker.${fromSource ? "ts" : "js"}`, import.meta.url);
  // A bounded heap: a 4 MiB body parses to a few tens of MB and the tokenizer's tables take ~60 MB; a worker that needs
  // more dies (its jobs fail with 503 RouteOverloaded) and the next job starts a fresh one, instead of the process swelling.
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  if (!fromSource) return new Worker(entry, { resourceLimits });
  const tsx = import.meta.resolve("tsx/esm/api");
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
