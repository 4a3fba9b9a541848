// `ccproxy bench` options: commander's strings in, checked numbers out (usage errors exit 2).
import { CliError } from "../errors.js";
import { parseWorkers } from "../process/workers.js";
import { parseDuration } from "./duration.js";

/** Why: the flags as commander hands them over (strings, booleans, absent). */
export interface RawBenchOptions {
  rps?: string;
  duration?: string;
  connections?: string;
  body?: string;
  stream?: boolean;
  upstreamLatency?: string;
  upstreamChunkDelay?: string;
  url?: string;
  model?: string;
  apiKey?: string;
  json?: boolean;
  out?: string;
  maxP99OverheadMs?: string;
  workers?: string;
  rounds?: string;
  findMaxRate?: boolean;
  /** commander's --no-stock: false when given. */
  stock?: boolean;
  maxHookP99Ms?: string;
}

/** Why: one checked description of a bench run, shared by the CLI, the runner and the tests. */
export interface BenchOptions {
  rps: number;
  durationMs: number;
  connections: number;
  body: string;
  stream: boolean;
  upstreamLatencyMs: number;
  /** The mock's pause between stream events. */
  upstreamChunkDelayMs: number;
  url?: string;
  model?: string;
  apiKey?: string;
  /** Print the report as JSON on stdout (progress goes to stderr). */
  json?: boolean;
  /** Write the report as JSON to this file. */
  out?: string;
  maxP99OverheadMs: number;
  workers: number;
  rounds: number;
  findMaxRate: boolean;
  /** Run the stock LiteLLM baseline too (self-contained bench only). */
  stock: boolean;
  /** Fail when the hook's own p99 (its histograms, over the measured rounds) is above this. */
  maxHookP99Ms?: number;
}

/** Why: autocannon paces each connection per second in bursts; few connections keep bursts (and queueing) small. */
export const DEFAULT_CONNECTIONS = 4;

/** Why: turns flags into options once, naming the flag in every error. */
export function parseBenchOptions(raw: RawBenchOptions): BenchOptions {
  const options: BenchOptions = {
    rps: number("--rps", raw.rps ?? "100", { integer: true, min: 1 }),
    durationMs: parseDuration(raw.duration ?? "30s"),
    connections: number("--connections", raw.connections ?? String(DEFAULT_CONNECTIONS), { integer: true, min: 1 }),
    body: raw.body ?? "claude-code",
    stream: raw.stream ?? false,
    upstreamLatencyMs: number("--upstream-latency", raw.upstreamLatency ?? "0", { min: 0 }),
    upstreamChunkDelayMs: number("--upstream-chunk-delay", raw.upstreamChunkDelay ?? "0", { min: 0 }),
    maxP99OverheadMs: number("--max-p99-overhead-ms", raw.maxP99OverheadMs ?? "2", { min: 0 }),
    workers: workers(raw.workers ?? "1"),
    rounds: number("--rounds", raw.rounds ?? "3", { integer: true, min: 1 }),
    findMaxRate: raw.findMaxRate ?? false,
    stock: raw.stock ?? true,
    ...(raw.maxHookP99Ms === undefined ? {} : { maxHookP99Ms: number("--max-hook-p99-ms", raw.maxHookP99Ms, { min: 0 }) }),
    ...(raw.url ? { url: checkUrl(raw.url) } : {}),
    ...(raw.model ? { model: raw.model } : {}),
    ...(raw.apiKey ? { apiKey: raw.apiKey } : {}),
    ...(raw.json ? { json: true } : {}),
    ...(raw.out ? { out: raw.out } : {}),
  };
  if (options.url && options.findMaxRate) throw usage("--find-max-rate needs the self-contained bench; drop --url");
  return options;
}

function number(flag: string, text: string, rule: { integer?: boolean; min: number }): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || value < rule.min) {
    throw usage(`${flag} ${JSON.stringify(text)}: expected ${rule.integer ? "an integer" : "a number"} ≥ ${rule.min}`);
  }
  return value;
}

function workers(text: string): number {
  try {
    return parseWorkers(text);
  } catch (error) {
    throw usage(`--workers: ${(error as Error).message}`);
  }
}

function checkUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return text;
  } catch {
    // reported below
  }
  throw usage(`--url ${JSON.stringify(text)}: expected an http(s) URL such as http://127.0.0.1:4000`);
}

function usage(message: string): CliError {
  return new CliError(message, { exitCode: 2 });
}
