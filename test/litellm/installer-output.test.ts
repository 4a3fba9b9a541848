// Progress from the installers' own lines: pip's "Collecting" per package, uv's summary lines.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { nextCount, packageCount, type InstallCount } from "../../src/litellm/installer-output.js";
import { requirementsFile } from "../../src/litellm/pin.js";

const feed = (lines: string[], total = 3) =>
  lines.reduce<InstallCount[]>((seen, line) => [...seen, nextCount(seen.at(-1)!, line)], [{ total, collected: 0, status: "start" }]).map((c) => c.status);

describe("installer output", () => {
  it("counts one package per name==version line of the hashed lock (its --hash lines are not packages)", () => {
    const text = readFileSync(requirementsFile, "utf8");
    expect(packageCount(text)).toBe(text.split("\n").filter((l) => /^\S+==\S+ \\$/.test(l)).length);
    expect(packageCount(text)).toBeGreaterThan(100);
    expect(packageCount("# c\naiohttp==3.14.5 \\\n    --hash=sha256:00\nlitellm[proxy]==1.108.7 \\\n")).toBe(2);
  });

  it("pip: Collecting moves the counter; Installing collected packages is the last phase", () => {
    expect(
      feed([
        "Collecting aiohttp==3.14.5 (from -r req.txt (line 1))",
        "  Downloading aiohttp-3.14.5-cp311-cp311-manylinux.whl (1.7 MB)",
        "Collecting yarl==1.2 (from -r req.txt (line 9))",
        "Installing collected packages: yarl, aiohttp, litellm",
        "Successfully installed aiohttp-3.14.5 litellm-1.108.7 yarl-1.2",
      ]),
    ).toEqual(["start", "downloading packages 1/3", "downloading packages 1/3", "downloading packages 2/3", "installing 3 packages", "installing 3 packages"]);
  });

  it("uv: Resolved, Prepared and Installed N packages", () => {
    expect(feed(["Resolved 3 packages in 20ms", "Prepared 2 packages in 1.2s", "Installed 3 packages in 40ms", " + aiohttp==3.14.5"])).toEqual([
      "start",
      "resolved 3/3 packages",
      "downloaded 2/3 packages",
      "installed 3/3 packages",
      "installed 3/3 packages",
    ]);
  });
});
