// `tokens`: long requests go to a long-context target.
import { z } from "zod";
import { withinBand } from "../tokens.js";
import type { RuleKind } from "./types.js";

const params = z.strictObject({ above: z.int().positive() });

/** Why: a request over a model's context window fails outright; route it before it does. */
export const tokensRule: RuleKind<z.infer<typeof params>> = {
  kind: "tokens",
  params,
  needsTo: true,
  skipFor: [],
  compile({ above }) {
    return {
      test({ tokens }) {
        const { tokens: n, exact } = tokens();
        const what = `${exact ? "" : "~"}${fmt(n)} ${exact ? "counted" : "estimated"} tokens`;
        if (!exact && withinBand(n, above)) {
          return { need: "text", reason: `${what} is too close to ${fmt(above)} to call; needs the text` };
        }
        const hit = n > above;
        return { matched: hit, reason: `${what} ${hit ? ">" : "≤"} ${fmt(above)}` };
      },
    };
  },
};

function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
