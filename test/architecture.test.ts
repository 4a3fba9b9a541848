// Imports point down: no module imports one above it, nothing imports in a circle, and cli.ts loads commands lazily.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../src");

/** Lowest first: an area may import only from areas on a lower line. */
const LAYERS = [
  ["errors.ts", "paths.ts", "version.ts"],
  ["process", "routing", "mock-provider", "models", "providers", "usage"],
  ["config", "state", "samples"],
  ["oauth", "cluster"],
  ["litellm"],
  ["init"],
  ["secrets", "hook-server"],
  ["supervisor", "cli"],
  ["doctor", "bench"],
  ["commands"],
  ["cli.ts"],
];

type Import = { from: string; to: string; typeOnly: boolean; lazy: boolean };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : []));
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const from = relative(SRC, file);
  const found: Import[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^;]*?\sfrom\s+)?"(\.[^"]+)"|import\("(\.[^"]+)"\)/gm)) {
    const to = relative(SRC, resolve(dirname(file), m[2] ?? m[3]!)).replace(/\.js$/, ".ts");
    const names = /^import\s+\{([^}]*)\}/.exec(m[0])?.[1];
    const allTypes = names !== undefined && names.split(",").every((n) => !n.trim() || n.trim().startsWith("type "));
    found.push({ from, to, typeOnly: Boolean(m[1]) || allTypes, lazy: m[3] !== undefined });
  }
  return found;
}

const area = (path: string) => path.split("/")[0]!;
const layerOf = (path: string) => LAYERS.findIndex((names) => names.includes(area(path)));
const imports = sources(SRC).flatMap(importsOf);

describe("the import graph", () => {
  it("places every area of src/ on a layer", () => {
    expect(imports.flatMap((i) => [i.from, i.to]).filter((p) => layerOf(p) < 0)).toEqual([]);
  });

  it("points down: an area imports only from areas below it, and a command from no other command", () => {
    const sideways = (i: Import) => area(i.from) === "commands" && area(i.to) === "commands";
    const upward = imports.filter((i) => sideways(i) || (area(i.from) !== area(i.to) && layerOf(i.to) >= layerOf(i.from)));
    expect(upward.map((i) => `${i.from} -> ${i.to}`)).toEqual([]);
  });

  it("has no circle, type-only imports included", () => {
    const next = new Map<string, string[]>();
    for (const i of imports) next.set(i.from, [...(next.get(i.from) ?? []), i.to]);
    const state = new Map<string, "open" | "done">();
    const circles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === "open") return void circles.push([...path.slice(path.indexOf(file)), file].join(" -> "));
      if (state.get(file) === "done") return;
      state.set(file, "open");
      for (const to of next.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, "done");
    };
    for (const file of next.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it("cli.ts loads a command module only when its command runs", () => {
    const eager = imports.filter((i) => i.from === "cli.ts" && area(i.to) === "commands" && !i.lazy && !i.typeOnly);
    expect(eager.map((i) => i.to)).toEqual([]);
  });
});
