// `custom`: a user's own routing function, loaded from a module at config load.
import { stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import type { RouteSummary } from "../types.js";
import { RuleParamError, type RuleKind } from "./types.js";

const EXTENSIONS = [".mjs", ".js", ".ts", ".mts"];
const params = z.strictObject({ module: z.string().min(1) });

/** Why: what a custom function receives besides the summary. */
export interface CustomContext {
  /** Every label defined in targets. */
  labels: readonly string[];
  /** Input tokens: exact when the summary carries text, else the byte estimate. */
  tokens(): number;
}

/** Why: the signature users implement: return a label to route, undefined to pass. */
export type CustomRoute = (request: RouteSummary, context: CustomContext) => string | undefined | null;

/** Why: escape hatch for anything the built-in kinds cannot express; failures never crash routing. */
export const customRule: RuleKind<z.infer<typeof params>> = {
  kind: "custom",
  params,
  needsTo: false,
  skipFor: [],
  async compile({ module }, { dir }) {
    const file = resolve(dir, module);
    const fn = await loadRoute(file, module);
    let labelList: string[] | undefined;
    return {
      files: [file],
      test({ summary, tokens, labels }) {
        labelList ??= [...labels];
        let out: unknown;
        try {
          out = fn(summary, { labels: labelList, tokens: () => tokens().tokens });
        } catch (error) {
          return { matched: false, reason: `${module} threw: ${error instanceof Error ? error.message : String(error)}` };
        }
        if (out === undefined || out === null) return { matched: false, reason: `${module} returned no label` };
        if (typeof out !== "string") {
          const what = typeof (out as { then?: unknown }).then === "function" ? "a Promise (must be synchronous)" : typeof out;
          return { matched: false, reason: `${module} returned ${what}, not a label` };
        }
        if (!labels.has(out)) return { matched: false, reason: `${module} returned "${out}", which is not a target label` };
        return { matched: true, label: out, reason: `${module} returned "${out}"` };
      },
    };
  },
};

async function loadRoute(file: string, module: string): Promise<CustomRoute> {
  const ext = extname(file);
  if (!EXTENSIONS.includes(ext)) throw new RuleParamError("module", `"${module}" must end in ${EXTENSIONS.join(", ")}`);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new RuleParamError("module", `module "${module}" not found (looked for ${file})`);
  // A version query defeats Node's module cache, so hot reload picks up an edited module.
  const url = `${pathToFileURL(file).href}?v=${info.mtimeMs}`;
  let ns: Record<string, unknown>;
  try {
    if (ext === ".ts" || ext === ".mts") {
      const { tsImport } = await import("tsx/esm/api");
      ns = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    } else {
      ns = (await import(url)) as Record<string, unknown>;
    }
  } catch (error) {
    throw new RuleParamError("module", `module "${module}" failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
  const fn = typeof ns.default === "function" ? ns.default : ns.route;
  if (typeof fn !== "function") {
    const found = Object.keys(ns).filter((k) => k !== "__esModule");
    throw new RuleParamError(
      "module",
      `module "${module}" exports no function: expected a default export or a named "route" export (found: ${found.length ? found.join(", ") : "no exports"})`,
    );
  }
  return fn as CustomRoute;
}
