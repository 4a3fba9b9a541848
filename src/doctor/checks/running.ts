// The running proxy: both children answer their health probes.
import { probeOnce } from "../../process/ready.js";
import type { ProxyState } from "../../state/state-file.js";
import type { Check, DoctorContext, Finding } from "../types.js";
import { isFinding } from "./needs.js";

/** Why: checks of the live proxy skip, rather than fail, when nothing runs. */
export function runningOrSkip(ctx: DoctorContext): ProxyState | Finding {
  return ctx.running() ?? { status: "skip", cause: "ccproxy is not running (`ccproxy start --detach` to check the live proxy too)" };
}

/** Why: LiteLLM fails open (or closed) when the hook server is down; routing then silently stops. */
export const hookHealth: Check = {
  id: "running.hook",
  title: "hook server",
  async run(ctx) {
    const state = runningOrSkip(ctx);
    if (isFinding(state)) return state;
    const where = state.hookProbe.socketPath ?? state.hookProbe.url;
    return (await probeOnce(state.hookProbe, 2_000))
      ? { status: "ok", cause: `answers /health at ${where} (pid ${state.children.hook?.pid ?? "?"})` }
      : { status: "fail", cause: `no answer from /health at ${where}`, fix: "see `ccproxy logs --hook`, then `ccproxy restart`" };
  },
};

/** Why: readiness (never /health, which calls every model for real) says LiteLLM takes requests. */
export const litellmReadiness: Check = {
  id: "running.litellm",
  title: "LiteLLM proxy",
  async run(ctx) {
    const state = runningOrSkip(ctx);
    if (isFinding(state)) return state;
    return (await probeOnce({ url: `${state.url}/health/readiness` }, 3_000))
      ? { status: "ok", cause: `ready at ${state.url} (pid ${state.children.litellm?.pid ?? "?"})` }
      : { status: "fail", cause: `${state.url}/health/readiness does not answer 2xx`, fix: "see `ccproxy logs --litellm`, then `ccproxy restart`" };
  },
};
