// `ccproxy doctor --json` end to end on a fake install: exit 0 when healthy, 1 with the failing row when not.
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { runDoctorCommand } from "../../src/commands/doctor.js";
import { freePort } from "../../src/process/free-port.js";
import { configDir, editRouting, fakeVenv } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await configDir();
  const port = await freePort();
  editRouting(dir, (t) => t.replace("port: 4000", `port: ${port}`));
  fakeVenv();
  vi.stubEnv("ANTHROPIC_API_KEY", "sk-test");
});
afterEach(() => vi.unstubAllEnvs());

async function doctor(): Promise<{ code: number; report: { ok: boolean; checks: { id: string; status: string; cause: string }[] } }> {
  let out = "";
  const code = await runDoctorCommand({ configDir: dir, json: true }, (text) => (out += text));
  return { code, report: JSON.parse(out) };
}

it("exits 0 on a healthy (stopped) install, with every check ok or skipped", async () => {
  const { code, report } = await doctor();
  expect(report.checks.filter((c) => c.status !== "ok" && c.status !== "skip")).toEqual([]);
  expect(report.checks.filter((c) => c.status === "skip").map((c) => c.id)).toEqual(["running.hook", "running.litellm", "running.routing"]);
  expect(report.checks).toHaveLength(20);
  expect({ code, ok: report.ok }).toEqual({ code: 0, ok: true });
});

it("exits 1 and names the failing check when something is broken", async () => {
  chmodSync(join(dir, "master.key"), 0o644);
  const { code, report } = await doctor();
  expect(code).toBe(1);
  expect(report.ok).toBe(false);
  expect(report.checks.filter((c) => c.status === "fail")).toEqual([expect.objectContaining({ id: "files.permissions", cause: "open to other users: master.key 0644" })]);
});
