// `tokens`: long requests go to a long-context target.
import { z } from "zod";
import { estimateTokens, EXACT_COUNT_MAX_BYTES, withinBand } from "../tokens.js";
import type { RouteSummary } from "../types.js";
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
      test({ summary, tokens }) {
        const count = tokens();
        const media = mediaNote(summary.media);
        if (count.exact && (!count.atLeast || count.tokens > above)) {
          const hit = count.tokens > above;
          return { matched: hit, reason: `${count.atLeast ? "more than " : ""}${fmt(count.tokens)} counted tokens${media} ${hit ? ">" : "≤"} ${fmt(above)}` };
        }
        // A count that stopped below this threshold (the config changed meanwhile) says less than the estimate.
        const n = count.atLeast ? Math.max(count.tokens, estimateTokens(summary.bytes)) : count.tokens;
        let why = count.note ?? (count.atLeast ? "the count stopped early" : undefined);
        if (why === undefined && withinBand(n, above)) {
          const { system, messages, tools } = summary.bytes;
          if (system + messages + tools <= EXACT_COUNT_MAX_BYTES) {
            return { need: "text", reason: `~${fmt(n)} estimated tokens${media} is too close to ${fmt(above)} to call; needs the text` };
          }
          why = `over ${fmt(EXACT_COUNT_MAX_BYTES)} bytes, too large to count exactly`;
        }
        const hit = n > above;
        return { matched: hit, reason: `~${fmt(n)} estimated tokens${media} ${hit ? ">" : "≤"} ${fmt(above)}${why ? ` (${why})` : ""}` };
      },
    };
  },
};

/** Why: a screenshot used to read as ~228k tokens; say what images and documents add. */
function mediaNote(media: RouteSummary["media"]): string {
  if (!media) return "";
  const parts = [media.images ? `${media.images} image${media.images > 1 ? "s" : ""}` : "", media.documents ? `${media.documents} document${media.documents > 1 ? "s" : ""}` : ""];
  return ` (incl. ${fmt(media.tokens)} for ${parts.filter(Boolean).join(" and ")})`;
}

function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
