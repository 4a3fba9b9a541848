// The runner (parallel, per-check deadline, a throwing check), the exit code, and both renderings.
import { expect, it } from "vitest";
import { renderJson, renderText } from "../../src/doctor/render.js";
import { exitCodeOf, runChecks } from "../../src/doctor/runner.js";
import { createContext } from "../../src/doctor/context.js";
import type { Check } from "../../src/doctor/types.js";

const ctx = createContext("/tmp/ccpd-none");
const ok: Check = { id: "a.ok", title: "fine", run: async () => ({ status: "ok", cause: "all good" }) };
const slow: Check = { id: "b.slow", title: "slow", timeoutMs: 100, run: () => new Promise(() => {}) };
const broken: Check = { id: "c.throws", title: "throws", run: async () => { throw new Error("boom"); } };
const failing: Check = { id: "d.fail", title: "failing", run: async () => ({ status: "fail", cause: "port 4000 is in use", fix: "stop it" }) };

it("runs checks in parallel, times out a hung one as a warning, and turns a throw into a failure", async () => {
  const started = Date.now();
  const results = await runChecks([ok, slow, broken, slow], ctx);
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(results.map((r) => [r.id, r.status])).toEqual([["a.ok", "ok"], ["b.slow", "warn"], ["c.throws", "fail"], ["b.slow", "warn"]]);
  expect(results[1]!.cause).toBe("no answer within 0.1 s");
  expect(results[2]!.cause).toBe("the check itself failed: boom");
});

it("exits 1 only when a check fails", async () => {
  expect(exitCodeOf(await runChecks([ok, slow], ctx))).toBe(0);
  expect(exitCodeOf(await runChecks([ok, failing], ctx))).toBe(1);
});

it("prints a fix under each problem, a summary line, and JSON with the same rows", async () => {
  const results = await runChecks([ok, failing], ctx);
  const text = renderText(results, 1234).replace(/\x1b\[[0-9;]*m/g, "");
  expect(text).toContain("✓ fine     all good\n✗ failing  port 4000 is in use\n           fix: stop it\n");
  expect(text).toContain("1 ok, 0 warnings, 1 failed, 0 skipped in 1.2 s");
  const json = JSON.parse(renderJson(results, 1234));
  expect(json).toMatchObject({ ok: false, elapsed_ms: 1234, checks: [{ id: "a.ok", status: "ok" }, { id: "d.fail", status: "fail", cause: "port 4000 is in use", fix: "stop it" }] });
});
