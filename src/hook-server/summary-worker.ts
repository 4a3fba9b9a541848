// Worker thread: parses, validates and counts what is too big or too slow for the hook server's event loop.
// The main side is src/hook-server/offload.ts; the messages are its WorkerJob and WorkerAnswer.
import { parentPort } from "node:worker_threads";
import { countTokensBounded, loadTokenizer, toTokenCount } from "../routing/tokens.js";
import { HttpError } from "./http-error.js";
import type { WorkerAnswer, WorkerJob, WorkerReady } from "./offload.js";
import { parseJsonBody } from "./parse-json.js";
import { validateSummary } from "./validate-summary.js";

/** Why: one job at a time, in order; the answer is small whatever the body was: a summary without `text` (client
 * strings already capped) and a count. */
function run(job: WorkerJob): WorkerAnswer {
  try {
    const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
    const summary = validateSummary(parseJsonBody(bytes));
    const { text } = summary;
    if (text === undefined) return { id: job.id, summary };
    delete summary.text;
    // The deadline is wall-clock (shared by both threads); performance.now() has a different origin in each.
    const deadline = job.deadlineEpochMs - performance.timeOrigin;
    // Media tokens are added to the text's count later (routing/context.ts): stop that much earlier.
    const stopAbove = job.stopAbove === undefined ? undefined : Math.max(0, job.stopAbove - (summary.media?.tokens ?? 0));
    const count = countTokensBounded(text, { stopAbove, deadline });
    return { id: job.id, summary, counted: toTokenCount(count, summary.bytes, job.budgetMs) };
  } catch (error) {
    if (error instanceof HttpError && error.status === 400) return { id: job.id, invalid: error.message };
    return { id: job.id, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

parentPort!.on("message", (job: WorkerJob) => parentPort!.postMessage(run(job)));
// The tokenizer's tables load with the worker (~0.2 s, seconds on a busy machine): part of its start, which the main
// side times with a start timeout, not the per-job stall timer.
loadTokenizer();
parentPort!.postMessage("ready" satisfies WorkerReady);
