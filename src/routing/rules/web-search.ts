// `web_search`: the nested web-search request, recognised by a server tool's type.
import { z } from "zod";
import { NO_CONVERSATION, type RuleKind } from "./types.js";

const params = z.strictObject({});

/** Why: match `type` web_search_*, never the name: every Claude Code main request has a client tool named WebSearch. */
export const webSearchRule: RuleKind<z.infer<typeof params>> = {
  kind: "web_search",
  params,
  needsTo: true,
  skipFor: NO_CONVERSATION,
  compile() {
    return {
      test({ summary }) {
        const tool = summary.tools?.find((t) => t.type?.startsWith("web_search"));
        return tool
          ? { matched: true, reason: `tool "${tool.name ?? "?"}" has type ${tool.type}` }
          : { matched: false, reason: "no tool with a web_search* type" };
      },
    };
  },
};
