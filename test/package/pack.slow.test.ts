// The package as users get it: `npm pack` (prepack builds dist/), installed from the tarball into a prefix whose
// path has a space and a non-ASCII character, then run from such a directory.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, test } from "vitest";
import { tempDir } from "../support/temp-dir.js";

const root = join(import.meta.dirname, "..", "..");
let scratch: string;
let bin: string;
let cwd: string;

beforeAll(() => {
  scratch = tempDir("ccproxy pack é-");
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const tarball = join(scratch, packed[0].filename);
  const prefix = join(scratch, "global prefix");
  execFileSync("npm", ["install", "-g", "--no-audit", "--no-fund", "--prefix", prefix, tarball], { stdio: "ignore" });
  bin = join(prefix, "bin", "ccproxy");
  cwd = join(scratch, "my project");
  mkdirSync(cwd);
}, 300_000);

const ccproxy = (...args: string[]) => execFileSync(bin, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

test("the tarball carries dist/, templates/, bin/ and the license, under our own npm name", () => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  expect(manifest).toMatchObject({ name: "ccproxy-router", bin: { ccproxy: "bin/ccproxy" }, license: "MIT" });
  expect(ccproxy("--version").trim()).toBe(manifest.version);
});

test("init --no-install and route work from a path with a space in it", () => {
  const config = join(cwd, "config dir");
  const said = ccproxy("init", "--no-install", "--config-dir", config);
  expect(said).toContain("ccproxy.yaml");
  expect(readFileSync(join(config, "ccproxy.yaml"), "utf8")).toContain("anthropic/claude-sonnet-5-5");
  writeFileSync(join(cwd, "request.json"), JSON.stringify({ model: "claude-3-5-haiku-20241022", max_tokens: 10, messages: [{ role: "user", content: "title" }] }));
  const decision = JSON.parse(ccproxy("route", "request.json", "--json", "--config-dir", config));
  expect(decision).toMatchObject({ label: "background", rule: "haiku" });
});
