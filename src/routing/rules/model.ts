// `model`: match the model the client asked for, by substring, glob or regular expression.
import v8 from "node:v8";
import { z } from "zod";
import { MAX_CLIENT_STRING } from "../types.js";
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
    const matches = toMatcher(how, pattern);
    return {
      test({ summary }) {
        // The hook server caps client strings already (validate-summary.ts); `ccproxy route` and tests may not.
        const model = summary.model.length > MAX_CLIENT_STRING ? summary.model.slice(0, MAX_CLIENT_STRING) : summary.model;
        const hit = matches(model);
        return { matched: hit, reason: `model "${model}" ${hit ? "matches" : "does not match"} ${how} "${pattern}"` };
      },
    };
  },
};

function toMatcher(how: keyof Params, pattern: string): (model: string) => boolean {
  if (how === "contains") {
    const needle = pattern.toLowerCase();
    return (model) => model.toLowerCase().includes(needle);
  }
  if (how === "glob") return globMatcher(pattern);
  const re = linearRegExp(pattern);
  return (model) => re.test(model);
}

/**
 * Why: a glob compiled to a backtracking RegExp (`^a.*b.*c$`) takes time that grows with the power of the number of
 * stars against a long client string. Here each literal segment between stars is found once, leftmost, which is
 * correct for globs (a `*` never needs to give back what an earlier segment took): no backtracking, at most
 * O(model × pattern) character comparisons, and in practice one scan of the model.
 */
export function globMatcher(pattern: string): (model: string) => boolean {
  const parts = pattern.toLowerCase().split("*");
  const first = parts[0]!;
  const last = parts.length > 1 ? parts[parts.length - 1]! : undefined;
  const middle = parts.slice(1, -1).filter((s) => s.length > 0);
  return (input) => {
    const s = input.toLowerCase();
    if (last === undefined) return s.length === first.length && segmentAt(s, first, 0);
    if (s.length < first.length + last.length || !segmentAt(s, first, 0) || !segmentAt(s, last, s.length - last.length)) return false;
    let from = first.length;
    const end = s.length - last.length;
    for (const segment of middle) {
      const at = findSegment(s, segment, from, end);
      if (at < 0) return false;
      from = at + segment.length;
    }
    return true;
  };
}

/** `?` matches any one character (one UTF-16 unit, like the RegExp `.` this replaced without the u flag). */
function segmentAt(s: string, segment: string, at: number): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c !== 0x3f /* ? */ && c !== s.charCodeAt(at + i)) return false;
  }
  return true;
}

/** The leftmost position ≥ from where `segment` fits entirely before `end`, or -1. */
function findSegment(s: string, segment: string, from: number, end: number): number {
  if (!segment.includes("?")) {
    const at = s.indexOf(segment, from);
    return at >= 0 && at + segment.length <= end ? at : -1;
  }
  for (let at = from; at + segment.length <= end; at++) if (segmentAt(s, segment, at)) return at;
  return -1;
}

/** Why: V8's linear-time engine (the `l` flag) runs a user's regex in time proportional to the model string, whatever
 * the pattern; it exists behind a V8 flag, which is safe to turn on at run time (it only adds the flag). Patterns it
 * cannot run (lookaround, backreferences) keep the backtracking engine, on the capped model string. */
let linearEngine: boolean | undefined;
function linearRegExp(pattern: string): RegExp {
  if (linearEngine === undefined) {
    try {
      v8.setFlagsFromString("--enable-experimental-regexp-engine");
      linearEngine = new RegExp("a", "l").test("a");
    } catch {
      linearEngine = false;
    }
  }
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch (error) {
    throw new RuleParamError("regex", `invalid regular expression "${pattern}": ${(error as Error).message}`);
  }
  if (!linearEngine) return re;
  try {
    return new RegExp(pattern, "l");
  } catch {
    return re; // "cannot be executed in linear time"
  }
}
