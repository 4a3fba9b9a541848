// `--live`: one tiny real request per label through the running proxy, with its status, latency and the wire API it
// travelled over. Streamed, as Claude Code always streams: some providers only fail after the stream began.
import { request } from "undici";
import type { LoadedConfig } from "../../config/load.js";
import { clientKey } from "../../init/master-key.js";
import type { ProxyState } from "../../state/state-file.js";
import { wireRoute } from "../../providers/wire-api.js";
import { planLiveProbes } from "../live-probes.js";
import type { Check, Finding } from "../types.js";
import { configOrSkip, isFinding } from "./needs.js";
import { runningOrSkip } from "./running.js";

/** Why: a real provider answer per label; the only check that costs money, so it runs only with --live. */
export const liveRequests: Check = {
  id: "live",
  title: "live request",
  timeoutMs: 40_000,
  async run(ctx) {
    const state = runningOrSkip(ctx);
    if (isFinding(state)) return state;
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    const key = await clientKey(ctx.dir, loaded);
    const { probes, unreachable } = await planLiveProbes(loaded);
    return Promise.all(
      [...loaded.labels].map(async (label): Promise<Finding> => {
        const row = { id: `live.${label}`, title: `live: ${label}` };
        const body = probes.get(label);
        const via = viaApi(loaded, label);
        if (!body) return { ...row, status: "skip", cause: `${unreachable.get(label) ?? "not reachable by a tiny request"} (it would go ${via})` };
        return { ...row, ...(await send(state, key, { ...body, stream: true }, loaded, label, via)) };
      }),
    );
  },
};

/** Why: "which API does this target use" is the first question when a provider fails; LiteLLM's logs never say. */
function viaApi(loaded: LoadedConfig, label: string): string {
  const route = wireRoute(loaded.config.targets[label]!);
  return `via ${route.name}${route.url ? ` (${route.url})` : ""}`;
}

async function send(state: ProxyState, key: string | undefined, body: object, loaded: LoadedConfig, label: string, via: string): Promise<Finding> {
  const started = performance.now();
  try {
    const response = await request(`${state.url}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "anthropic-version": "2023-06-01", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
      headersTimeout: 30_000,
      bodyTimeout: 30_000,
    });
    const text = await response.body.text();
    const ms = Math.round(performance.now() - started);
    const servedBy = String(response.headers["x-litellm-model-name"] ?? "");
    const streamError = response.statusCode === 200 ? sseError(text) : undefined;
    if (response.statusCode !== 200 || streamError !== undefined) {
      const what = streamError === undefined ? `HTTP ${response.statusCode}` : "HTTP 200, then an error event in the stream,";
      return { status: "fail", cause: `${what} in ${ms} ms ${via}: ${streamError ?? errorMessage(text)}`, fix: `check targets.${label} (model, api_key's variable, api_base); \`ccproxy logs --litellm\` has the details` };
    }
    const expected = loaded.config.targets[label]!.model;
    if (servedBy && !sameModel(servedBy, expected)) {
      return { status: "warn", cause: `HTTP 200 in ${ms} ms ${via}, but served by ${servedBy}, not ${expected}`, fix: "`ccproxy route --explain` on the same body shows which rule won" };
    }
    return { status: "ok", cause: `HTTP 200 in ${ms} ms${servedBy ? ` from ${servedBy}` : ""} ${via}` };
  } catch (error) {
    return { status: "fail", cause: `no answer: ${(error as Error).message}`, fix: "see `ccproxy logs --litellm`" };
  }
}

/** The message of an `event: error` frame in a streamed answer; undefined when the stream has none (or is not SSE). */
function sseError(text: string): string | undefined {
  const frame = text.split(/\r?\n\r?\n/).find((f) => /^event: error$/m.test(f));
  const data = frame?.split(/\r?\n/).find((line) => line.startsWith("data:"))?.slice(5).trim();
  return data === undefined ? undefined : errorMessage(data);
}

function sameModel(served: string, configured: string): boolean {
  const bare = (m: string) => m.slice(m.indexOf("/") + 1);
  return served === configured || bare(served) === bare(configured);
}

function errorMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    return (parsed.error?.message ?? text).split("\n")[0]!.slice(0, 200);
  } catch {
    return text.slice(0, 200) || "(empty body)";
  }
}
