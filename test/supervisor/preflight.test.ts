// start's preflight against a config dir with a fake LiteLLM install: what it says before anything is spawned.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { freePort } from "../../src/process/free-port.js";
import { describeExposure, isLoopback } from "../../src/supervisor/exposure.js";
import { prepare } from "../../src/supervisor/preflight.js";
import { configDir, editRouting, fakeVenv } from "../doctor/helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await configDir();
  fakeVenv();
});
afterEach(() => vi.unstubAllEnvs());

it("warns about each target whose Claude model is deprecated or retired, naming the date and the replacement", async () => {
  editRouting(dir, (t) => t.replace("model: anthropic/claude-opus-5-5", "model: anthropic/claude-opus-4-5").replace("  default:\n    model: anthropic/claude-sonnet-5-5", "  default:\n    model: anthropic/claude-sonnet-4-5-20250929"));
  const said: string[] = [];
  await prepare(dir, { port: await freePort() }, (line) => said.push(line));
  const warnings = said.filter((line) => line.includes("warning:"));
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toContain("default: claude-sonnet-4-5-20250929 was retired on 2026-11-30 (use claude-sonnet-5-5)");
  expect(warnings[1]).toMatch(/think: claude-opus-4-5 (retires on|was retired on) 2027-01-22 \(use claude-opus-5-5\)/);
});

it("says nothing about models when every target is current", async () => {
  const said: string[] = [];
  await prepare(dir, { port: await freePort() }, (line) => said.push(line));
  expect(said.filter((line) => line.includes("warning:"))).toEqual([]);
});

it("refuses an address off loopback without --allow-remote, and without a master key even with it", async () => {
  const port = await freePort();
  const quiet = () => {};
  await expect(prepare(dir, { host: "0.0.0.0", port }, quiet)).rejects.toThrow("refusing to listen on 0.0.0.0: that is reachable from the network");
  editRouting(dir, (t) => t.replace("host: 127.0.0.1", "host: 0.0.0.0"));
  await expect(prepare(dir, { port }, quiet)).rejects.toThrow("refusing to listen on 0.0.0.0"); // from ccproxy.yaml too
  const allowed = await prepare(dir, { port, allowRemote: true }, quiet);
  expect(allowed).toMatchObject({ host: "0.0.0.0", masterKeyFrom: join(dir, "master.key") });
  rmSync(join(dir, "master.key"));
  editRouting(dir, (t) => t.replace("host: 0.0.0.0", "host: 0.0.0.0\n  master_key: os.environ/CCP_TEST_MASTER"));
  await expect(prepare(dir, { port, allowRemote: true }, quiet)).rejects.toThrow("refusing to listen on 0.0.0.0 without a master key");
  vi.stubEnv("CCP_TEST_MASTER", "sk-test-master-0123456789");
  expect((await prepare(dir, { port, allowRemote: true }, quiet)).masterKeyFrom).toBe("$CCP_TEST_MASTER");
  expect((await prepare(dir, { host: "127.0.0.1", port }, quiet)).host).toBe("127.0.0.1"); // loopback needs no flag
});

it("knows loopback when it sees it, and says what a remote listener exposes", () => {
  for (const host of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"]) expect(isLoopback(host), host).toBe(true);
  for (const host of ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.com", "128.0.0.1"]) expect(isLoopback(host), host).toBe(false);
  const lines = describeExposure({ host: "0.0.0.0", port: 4000, masterKeyFrom: "/x/master.key" });
  expect(lines.join("\n")).toContain("LiteLLM listens on 0.0.0.0:4000: reachable from the network (--allow-remote)");
  expect(lines.join("\n")).toContain("/v1/messages/count_tokens");
  expect(lines.join("\n")).toContain("the master key (/x/master.key)");
  expect(lines.join("\n")).not.toContain("admin UI");
  expect(describeExposure({ host: "0.0.0.0", port: 4000, masterKeyFrom: "k", exposeLitellmRoutes: true }).join("\n")).toContain("admin UI");
});
