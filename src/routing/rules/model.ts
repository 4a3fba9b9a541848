// `model`: match the model the client asked for, by substring, glob or regular expression.
import { z } from "zod";
import { RuleParamError, type RuleKind } from "./types.js";

const params = z.strictObject({
  /** Case-insensitive substring. */
  contains: z.string().min(1).optional(),
  /** Case-insensitive glob over the whole name: `*` any run, `?` one character. */
  glob: z.string().min(1).optional(),
  /** JavaScript regular expression, case-sensitive, unanchored. */
  regex: z.string().min(1).optional(),
});
type Params = z.infer<typeof params>;

/** Why: the classic background signal is a Haiku model name; users add their own names. */
export const modelRule: RuleKind<Params> = {
  kind: "model",
  params,
  needsTo: true,
  skipFor: [],
  compile(p) {
    const given = (["contains", "glob", "regex"] as const).filter((k) => p[k] !== undefined);
    if (given.length !== 1) {
      throw new RuleParamError(given[1] ?? "contains", `a model rule takes exactly one of contains, glob, regex (got ${given.length ? given.join(", ") : "none"})`);
    }
    const [how] = given as [keyof Params];
    const pattern = p[how]!;
    const re = toRegExp(how, pattern);
    return {
      test({ summary }) {
        const hit = re.test(summary.model);
        return { matched: hit, reason: `model "${summary.model}" ${hit ? "matches" : "does not match"} ${how} "${pattern}"` };
      },
    };
  },
};

function toRegExp(how: keyof Params, pattern: string): RegExp {
  if (how === "contains") return new RegExp(escape(pattern), "i");
  if (how === "glob") return new RegExp(`^${pattern.split("*").map((s) => s.split("?").map(escape).join(".")).join(".*")}$`, "is");
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new RuleParamError("regex", `invalid regular expression "${pattern}": ${(error as Error).message}`);
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
