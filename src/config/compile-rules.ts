// Validates each rule against its kind and the targets, then compiles it (loading custom modules).
import { RULE_KINDS } from "../routing/rules/index.js";
import { RuleParamError, type CompiledRule } from "../routing/rules/types.js";
import { fromZod, type Segment } from "./issues.js";

type Problem = { path: Segment[]; message: string };

/** Why: every rule problem is collected (unknown kind, bad params, undefined label, duplicate name, bad module). */
export async function compileRules(
  raw: unknown,
  labels: ReadonlySet<string>,
  dir: string,
): Promise<{ rules: CompiledRule[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const rules: CompiledRule[] = [];
  if (!Array.isArray(raw)) return { rules, problems };
  const seen = new Map<string, number>();
  const known = Object.keys(RULE_KINDS).join(", ");
  const defined = [...labels].join(", ") || "(none)";
  for (const [i, entry] of raw.entries()) {
    if (typeof entry !== "object" || entry === null) continue; // reported by the schema
    const { name, kind, to, ...params } = entry as Record<string, unknown>;
    const at = (...rest: Segment[]): Segment[] => ["rules", i, ...rest];
    const before = problems.length;
    if (typeof name === "string") {
      const first = seen.get(name);
      if (first !== undefined) problems.push({ path: at("name"), message: `duplicate rule name "${name}" (first used by rules[${first}])` });
      else seen.set(name, i);
    }
    if (typeof kind !== "string") continue; // reported by the schema
    const spec = RULE_KINDS[kind];
    if (!spec) {
      problems.push({ path: at("kind"), message: `unknown kind "${kind}"; allowed: ${known}` });
      continue;
    }
    const parsed = spec.params.safeParse(params, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push(fromZod(issue, at(), () => ["name", "kind", "to", ...Object.keys((spec.params as any).shape ?? {})]));
      }
    }
    if (spec.needsTo && to === undefined) problems.push({ path: at("to"), message: `required: the label a ${kind} rule routes to; one of ${defined}` });
    if (!spec.needsTo && to !== undefined) problems.push({ path: at("to"), message: `a ${kind} rule returns its label from the module; remove "to"` });
    if (typeof to === "string" && !labels.has(to)) problems.push({ path: at("to"), message: `"${to}" is not a target; defined targets: ${defined}` });
    if (problems.length > before || !parsed.success || typeof name !== "string") continue;
    try {
      const matcher = await spec.compile(parsed.data, { dir });
      const rule: CompiledRule = { name, kind, to: typeof to === "string" ? to : null, skipFor: new Set(spec.skipFor), test: matcher.test };
      if (matcher.files) rule.files = matcher.files;
      rules.push(rule);
    } catch (error) {
      if (!(error instanceof RuleParamError)) throw error;
      problems.push({ path: at(error.param), message: error.message });
    }
  }
  return { rules, problems };
}
