import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/issues.js";
import type { LoadedConfig } from "../../src/config/load.js";
import { watchConfig } from "../../src/config/watch.js";
import { tempDir } from "../support/temp-dir.js";

const yaml = (model: string, extra = "") => `version: 1\ntargets:\n  default: { model: ${model} }\n${extra}`;

// Collects events and lets a test await the next one.
function recorder() {
  const events: (LoadedConfig | Error)[] = [];
  let wake: (() => void) | undefined;
  const push = (e: LoadedConfig | Error) => (events.push(e), wake?.());
  const next = async (count: number) => {
    const deadline = Date.now() + 5000;
    while (events.length < count && Date.now() < deadline) await new Promise<void>((r) => ((wake = r), setTimeout(r, 50)));
    expect(events.length).toBeGreaterThanOrEqual(count);
    return events[count - 1]!;
  };
  return { events, next, handlers: { onReload: (c: LoadedConfig) => push(c), onError: (e: unknown) => push(e as Error) } };
}

let close: (() => void) | undefined;
afterEach(() => close?.());

describe("watchConfig", () => {
  it("reloads a valid change, reports an invalid one, and reloads again once fixed", async () => {
    const dir = tempDir("ccproxy-watch-");
    const file = join(dir, "ccproxy.yaml");
    writeFileSync(file, yaml("a/one"));
    const rec = recorder();
    close = watchConfig(file, rec.handlers, { debounceMs: 30 }).close;

    writeFileSync(file, yaml("a/two"));
    expect(((await rec.next(1)) as LoadedConfig).config.targets.default!.model).toBe("a/two");

    writeFileSync(file, yaml("a/three", "rules: [ { name: x, kind: nope, to: default } ]\n"));
    const bad = await rec.next(2);
    expect(bad).toBeInstanceOf(ConfigError);
    expect((bad as ConfigError).issues[0]).toMatchObject({ path: "rules[0].kind", line: 4 });

    // An editor-style save: write a temp file, rename it over the config.
    writeFileSync(join(dir, ".tmp"), yaml("a/four"));
    renameSync(join(dir, ".tmp"), file);
    expect(((await rec.next(3)) as LoadedConfig).config.targets.default!.model).toBe("a/four");
  });

  it("debounces a burst of writes into one reload and ignores other files", async () => {
    const dir = tempDir("ccproxy-watch-");
    const file = join(dir, "ccproxy.yaml");
    writeFileSync(file, yaml("a/one"));
    const rec = recorder();
    close = watchConfig(file, rec.handlers, { debounceMs: 150 }).close;
    for (let i = 0; i < 5; i++) writeFileSync(file, yaml(`a/v${i}`));
    writeFileSync(join(dir, "other.txt"), "x");
    expect(((await rec.next(1)) as LoadedConfig).config.targets.default!.model).toBe("a/v4");
    await new Promise((r) => setTimeout(r, 400));
    expect(rec.events).toHaveLength(1);
  });

  it("reloads when a custom module changes", async () => {
    const dir = tempDir("ccproxy-watch-");
    const file = join(dir, "ccproxy.yaml");
    writeFileSync(join(dir, "r.mjs"), `export default () => undefined;\n`);
    writeFileSync(file, yaml("a/one", "rules: [ { name: c, kind: custom, module: ./r.mjs } ]\n"));
    const rec = recorder();
    close = watchConfig(file, rec.handlers, { debounceMs: 30, files: [join(dir, "r.mjs")] }).close;
    writeFileSync(join(dir, "r.mjs"), `export const nothing = 1;\n`);
    const err = (await rec.next(1)) as ConfigError;
    expect(err.issues[0]!.message).toMatch(/exports no function/);
  });
});
