// One fixed-rate autocannon run against one URL, keeping every latency sample at sub-millisecond precision.
import autocannon, { type Client } from "autocannon";
import { performance } from "node:perf_hooks";

/** Why: everything a run needs; the body and headers are identical for every target of a comparison. */
export interface LoadSpec {
  url: string;
  body: Buffer;
  headers: Record<string, string>;
  rate: number;
  durationMs: number;
  connections: number;
  timeoutS?: number;
}

/** Why: raw samples, so rounds can be pooled and percentiles taken once over all of them. */
export interface LoadSamples {
  /** Request written → response complete, 2xx only (ms). */
  total: number[];
  /** Request written → first body bytes, 2xx only (ms); what a streaming client waits for. */
  ttfb: number[];
  /** LiteLLM's own x-litellm-overhead-duration-ms header, where present. */
  litellmOverhead: number[];
  completed: number;
  non2xx: number;
  socketErrors: number;
  statusCodes: Record<string, number>;
  elapsedS: number;
  /** CPU time (ms) each metered process group spent during the run (Linux /proc), by process name. */
  cpuMs?: Record<string, number>;
}

const OVERHEAD_HEADER = "x-litellm-overhead-duration-ms";

/**
 * Why: autocannon's histogram keeps whole milliseconds and "corrects" paced latencies with a 1 ms
 * expected interval, so the bench listens to each connection and records exact times itself.
 */
export async function driveLoad(spec: LoadSpec): Promise<LoadSamples> {
  const samples: LoadSamples = { total: [], ttfb: [], litellmOverhead: [], completed: 0, non2xx: 0, socketErrors: 0, statusCodes: {}, elapsedS: 0 };
  const instance = autocannon({
    url: spec.url,
    method: "POST",
    body: spec.body,
    headers: spec.headers,
    connections: Math.min(spec.connections, spec.rate),
    overallRate: spec.rate,
    duration: spec.durationMs / 1000,
    timeout: spec.timeoutS ?? 30,
    setupClient: (client) => watchClient(client, samples),
  });
  const result = await instance;
  samples.socketErrors = result.errors;
  samples.non2xx = result.non2xx;
  samples.elapsedS = result.duration;
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) samples.statusCodes[code] = Number(count);
  return samples;
}

/** Why: with one request in flight per connection, request → headers → body → response pair up in order. */
function watchClient(client: Client, samples: LoadSamples): void {
  let sentAt = 0;
  let firstByteAt = 0;
  let overhead: number | undefined;
  client.on("request", () => {
    sentAt = performance.now();
    firstByteAt = 0;
    overhead = undefined;
  });
  client.on("headers", (info: { headers: string[] }) => {
    for (let i = 0; i < info.headers.length; i += 2) {
      if (info.headers[i]!.toLowerCase() === OVERHEAD_HEADER) overhead = Number(info.headers[i + 1]);
    }
  });
  client.on("body", () => {
    if (firstByteAt === 0) firstByteAt = performance.now();
  });
  client.on("response", (status: number) => {
    const doneAt = performance.now();
    samples.completed++;
    if (status < 200 || status > 299) return;
    samples.total.push(doneAt - sentAt);
    samples.ttfb.push((firstByteAt || doneAt) - sentAt);
    if (overhead !== undefined && Number.isFinite(overhead)) samples.litellmOverhead.push(overhead);
  });
}
