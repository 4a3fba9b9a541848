// start's preflight against a config dir with a fake LiteLLM install: what it says before anything is spawned.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { freePort } from "../../src/process/free-port.js";
import { prepare } from "../../src/supervisor/preflight.js";
import { cleanup, configDir, editRouting, fakeVenv } from "../doctor/helpers.js";

let dir: string;
let cache: string;
beforeEach(async () => {
  dir = await configDir();
  cache = fakeVenv().cache;
});
afterEach(() => {
  vi.unstubAllEnvs();
  cleanup(dir, cache);
});

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
