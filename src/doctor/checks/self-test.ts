// The live hook server must route the sample requests exactly as `ccproxy route` does with the same ccproxy.yaml.
import { pendingChanges, readApplied, restrictToApplied } from "../../litellm/applied.js";
import { readHookSecret } from "../../init/hook-secret.js";
import { decide } from "../../routing/decide.js";
import { summarize } from "../../routing/summary.js";
import { decideInTwoSteps } from "../../routing/two-step.js";
import type { NeedText, RouteDecision } from "../../routing/types.js";
import { samples, sampleCallTypes, type SampleName } from "../../samples/index.js";
import { hookRouter } from "../hook-client.js";
import type { Check } from "../types.js";
import { configOrSkip, isFinding } from "./needs.js";
import { runningOrSkip } from "./running.js";

/** Why: catches a hook server serving an old or different config, or a routing bug between the two paths. */
export const routingSelfTest: Check = {
  id: "running.routing",
  title: "routing self-test",
  timeoutMs: 15_000,
  async run(ctx) {
    const state = runningOrSkip(ctx);
    if (isFinding(state)) return state;
    const loaded = await configOrSkip(ctx);
    if (isFinding(loaded)) return loaded;
    // Until `ccproxy restart` the hook server routes only to the targets LiteLLM runs (config.sync reports the edit).
    const applied = readApplied(loaded);
    const table = pendingChanges(applied, loaded).length ? restrictToApplied(loaded, applied) : loaded;
    const hook = hookRouter(state.hookProbe, readHookSecret(ctx.files.hookSecret));
    const differ: string[] = [];
    const names = Object.keys(samples) as SampleName[];
    try {
      for (const name of names) {
        const body = samples[name]();
        const summaryOf = (text: boolean) => summarize(body, sampleCallTypes[name], { text });
        const { decision: local } = await decideInTwoSteps(summaryOf, (summary) => decide(summary, table));
        const { decision: live } = await decideInTwoSteps(summaryOf, hook.route);
        if (show(local) !== show(live)) differ.push(`${name}: hook says ${show(live)}, ccproxy route says ${show(local)}`);
      }
    } catch (error) {
      return { status: "fail", cause: `the hook server did not answer a route request: ${(error as Error).message}`, fix: "see `ccproxy logs --hook`, then `ccproxy restart`" };
    } finally {
      await hook.close();
    }
    if (differ.length) {
      return { status: "fail", cause: `${differ.length} of ${names.length} samples differ (${differ.join("; ")})`, fix: "the hook server serves another config: check `ccproxy logs --hook` for a reload error, or `ccproxy restart`" };
    }
    return { status: "ok", cause: `${names.length} sample requests routed as \`ccproxy route\` routes them` };
  },
};

function show(decision: RouteDecision | NeedText): string {
  return "need" in decision ? "need text" : `${decision.label} (${decision.rule ?? "default"})`;
}
