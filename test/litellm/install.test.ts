import { expect, test } from "vitest";
import { installSteps } from "../../src/litellm/install.js";
import { requirementsFile } from "../../src/litellm/pin.js";

test("every install step that fetches packages takes wheels only and requires hashes (uv and pip alike)", () => {
  for (const useUv of [true, false]) {
    const installs = installSteps(useUv, "/usr/bin/python3", "/tmp/venv").filter(([, args]) => args.includes("install"));
    expect(installs.length, useUv ? "uv" : "pip").toBeGreaterThan(0);
    for (const [, args] of installs) {
      expect(args.join(" ")).toContain("--only-binary :all:");
      expect(args).toContain("--require-hashes");
    }
    expect(installs.at(-1)![1]).toContain(requirementsFile);
  }
});
