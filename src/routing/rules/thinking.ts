// `thinking`: a deliberate request for deeper reasoning (a large budget or a high effort level).
import { z } from "zod";
import { NO_CONVERSATION, type RuleKind } from "./types.js";

const params = z.strictObject({
  /** Matches {"type":"enabled","budget_tokens":N} with N ≥ this. */
  budget_at_least: z.int().positive().optional(),
  /** Matches an effort level in this list (adaptive thinking, or effort without thinking). */
  effort_in: z.array(z.string().min(1)).min(1).optional(),
});

/** Why: Claude Code 2.1.x thinks on every main request, so "has thinking" alone is no signal; budget and effort are. */
export const thinkingRule: RuleKind<z.infer<typeof params>> = {
  kind: "thinking",
  params,
  needsTo: true,
  skipFor: NO_CONVERSATION,
  compile({ budget_at_least, effort_in }) {
    const efforts = effort_in ? new Set(effort_in) : undefined;
    const any = budget_at_least === undefined && efforts === undefined;
    return {
      test({ summary }) {
        const type = summary.thinking?.type;
        if (type === "disabled") return { matched: false, reason: "thinking is disabled" };
        const budget = summary.thinking?.budget_tokens;
        const effort = summary.effort ?? undefined;
        if (any) {
          return type ? { matched: true, reason: `thinking is ${type}` } : { matched: false, reason: "no thinking field" };
        }
        if (budget_at_least !== undefined && type === "enabled" && budget !== undefined && budget >= budget_at_least) {
          return { matched: true, reason: `thinking budget ${budget} ≥ ${budget_at_least}` };
        }
        if (efforts && effort !== undefined && efforts.has(effort)) {
          return { matched: true, reason: `effort "${effort}" is in [${effort_in!.join(", ")}]` };
        }
        const seen = `thinking ${type ?? "absent"}${budget !== undefined ? ` (budget ${budget})` : ""}, effort ${effort ?? "absent"}`;
        return { matched: false, reason: `${seen}: below the bar` };
      },
    };
  },
};
