// Claude model retirements, so a target that stops answering on a known date is flagged before its users see 404s.
//
// Source: Anthropic's model deprecations page (platform.claude.com/docs/en/about-claude/model-deprecations) and the
// table @anthropic-ai/sdk 1.14 ships (internal/data/deprecated-models.js), both read on 2026-11-30. Dates are for
// Anthropic's own API; Bedrock and Vertex set their own schedules, so only `anthropic/` (and bare) ids are checked.
// Keep it current: when Anthropic announces a retirement, add the id (undated and dated) here; the unit test
// test/models/retirements.test.ts fails when the installed SDK lists an id this table lacks.

/** Why: one row per retiring model id: the day requests start failing and what Anthropic recommends instead. */
export interface Retirement {
  retires: string;
  replacement: string;
}

/** Why: the table itself, keyed by the model id Anthropic's API accepts (undated alias and dated snapshot). */
export const RETIREMENTS: Readonly<Record<string, Retirement>> = {
  "claude-2.0": { retires: "2025-07-21", replacement: "claude-sonnet-5-5" },
  "claude-2.1": { retires: "2025-07-21", replacement: "claude-sonnet-5-5" },
  "claude-3-sonnet-20240229": { retires: "2025-07-21", replacement: "claude-sonnet-5-5" },
  "claude-3-5-sonnet-20240620": { retires: "2025-10-22", replacement: "claude-sonnet-5-5" },
  "claude-3-5-sonnet-20241022": { retires: "2025-10-22", replacement: "claude-sonnet-5-5" },
  "claude-3-5-sonnet-latest": { retires: "2025-10-22", replacement: "claude-sonnet-5-5" },
  "claude-3-opus-20240229": { retires: "2026-01-05", replacement: "claude-opus-5-5" },
  "claude-3-opus-latest": { retires: "2026-01-05", replacement: "claude-opus-5-5" },
  "claude-3-7-sonnet-20250219": { retires: "2026-02-19", replacement: "claude-sonnet-5-5" },
  "claude-3-7-sonnet-latest": { retires: "2026-02-19", replacement: "claude-sonnet-5-5" },
  "claude-3-5-haiku-20241022": { retires: "2026-02-19", replacement: "claude-haiku-5-5" },
  "claude-3-5-haiku-latest": { retires: "2026-02-19", replacement: "claude-haiku-5-5" },
  "claude-3-haiku-20240307": { retires: "2026-04-20", replacement: "claude-haiku-5-5" },
  "claude-sonnet-4-0": { retires: "2026-06-15", replacement: "claude-sonnet-5-5" },
  "claude-sonnet-4-20250514": { retires: "2026-06-15", replacement: "claude-sonnet-5-5" },
  "claude-opus-4-0": { retires: "2026-06-15", replacement: "claude-opus-5-5" },
  "claude-opus-4-20250514": { retires: "2026-06-15", replacement: "claude-opus-5-5" },
  "claude-mythos-preview": { retires: "2026-06-30", replacement: "claude-mythos-5" },
  "claude-sonnet-4-5": { retires: "2026-11-30", replacement: "claude-sonnet-5-5" },
  "claude-sonnet-4-5-20250929": { retires: "2026-11-30", replacement: "claude-sonnet-5-5" },
  "claude-opus-4-5": { retires: "2027-01-22", replacement: "claude-opus-5-5" },
  "claude-opus-4-5-20251101": { retires: "2027-01-22", replacement: "claude-opus-5-5" },
};

/** Why: what doctor and start say about one target's model: nothing, a dated warning, or a failure. */
export type ModelLifecycle =
  | { state: "active" }
  | { state: "deprecated" | "retired"; model: string; retires: string; replacement: string };

/** Why: `anthropic/claude-x` and `claude-x` are the same API id; other providers keep their own schedules. */
export function anthropicModelId(model: string): string | undefined {
  const slash = model.indexOf("/");
  if (slash < 0) return model.startsWith("claude-") ? model : undefined;
  return model.slice(0, slash) === "anthropic" ? model.slice(slash + 1) : undefined;
}

/** Why: retired means requests fail from that UTC day on; before it, the model still answers but is on notice. */
export function modelLifecycle(model: string, now: Date = new Date()): ModelLifecycle {
  const id = anthropicModelId(model);
  const row = id === undefined ? undefined : RETIREMENTS[id];
  if (!row || id === undefined) return { state: "active" };
  const today = now.toISOString().slice(0, 10);
  return { state: today >= row.retires ? "retired" : "deprecated", model: id, ...row };
}

/** Why: the one wording doctor and start share, e.g. "think: claude-opus-4-5 retires on 2027-01-22 (use claude-opus-5-5)". */
export function describeLifecycle(label: string, lifecycle: Exclude<ModelLifecycle, { state: "active" }>): string {
  const verb = lifecycle.state === "retired" ? "was retired on" : "retires on";
  return `${label}: ${lifecycle.model} ${verb} ${lifecycle.retires} (use ${lifecycle.replacement})`;
}

/** Why: every target of a config whose model is on notice or gone, in label order, for doctor and start. */
export function retiringTargets(targets: Readonly<Record<string, { model: string }>>, now: Date = new Date()) {
  const found: { label: string; lifecycle: Exclude<ModelLifecycle, { state: "active" }> }[] = [];
  for (const [label, { model }] of Object.entries(targets)) {
    const lifecycle = modelLifecycle(model, now);
    if (lifecycle.state !== "active") found.push({ label, lifecycle });
  }
  return found;
}
