// `tool`: a tool with a given name is present (`tool: X`; `name` is the rule's own name).
import { z } from "zod";
import { NO_CONVERSATION, type RuleKind } from "./types.js";

const params = z.strictObject({ tool: z.string().min(1) });

/** Why: route requests that carry a specific tool (an MCP server's, say) to a model that handles it. */
export const toolRule: RuleKind<z.infer<typeof params>> = {
  kind: "tool",
  params,
  needsTo: true,
  skipFor: NO_CONVERSATION,
  compile({ tool: name }) {
    return {
      test({ summary }) {
        const hit = summary.tools?.some((t) => t.name === name) ?? false;
        return { matched: hit, reason: hit ? `tool "${name}" is present` : `no tool named "${name}"` };
      },
    };
  },
};
