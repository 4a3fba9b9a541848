// `init --prune`: venvs of older pins go; the current pin, newer pins, non-venvs and a venv being installed stay.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { olderVersion, pruneManagedVenvs } from "../../src/litellm/prune.js";
import { tempDir } from "../support/temp-dir.js";

function venv(cache: string, name: string, { real = true } = {}): string {
  const dir = join(cache, name);
  mkdirSync(join(dir, "bin"), { recursive: true });
  if (real) writeFileSync(join(dir, "pyvenv.cfg"), "home = /usr/bin\n");
  return dir;
}

describe("pruneManagedVenvs", () => {
  it("removes older pins' venvs and their install logs, and nothing else", () => {
    const cache = tempDir("ccp-prune-");
    const old1 = venv(cache, "litellm-1.82.6");
    const old2 = venv(cache, "litellm-1.108.6");
    writeFileSync(`${old2}.install.log`, "pip output\n");
    const current = venv(cache, "litellm-1.108.7");
    const newer = venv(cache, "litellm-1.110.0");
    const notVenv = venv(cache, "litellm-1.0.0", { real: false });
    const installing = venv(cache, "litellm-1.100.0");
    mkdirSync(`${installing}.lock`);
    const other = venv(cache, "something-else");

    expect(pruneManagedVenvs(cache, "1.108.7").sort()).toEqual([old2, old1].sort());
    for (const gone of [old1, old2, `${old2}.install.log`]) expect(existsSync(gone), gone).toBe(false);
    for (const kept of [current, newer, notVenv, installing, other]) expect(existsSync(kept), kept).toBe(true);
    expect(pruneManagedVenvs(cache, "1.108.7")).toEqual([]); // nothing left to do
  });

  it("a missing cache dir is nothing to prune", () => {
    expect(pruneManagedVenvs(join(tempDir("ccp-prune-"), "absent"), "1.0.0")).toEqual([]);
  });

  it.each([
    ["1.108.6", "1.108.7", true],
    ["1.82.8", "1.108.7", true],
    ["1.108.7", "1.108.7", false],
    ["1.110.0", "1.108.7", false],
    ["1.108", "1.108.1", true],
  ])("olderVersion(%s, %s) is %s", (a, b, older) => expect(olderVersion(a, b)).toBe(older));
});
