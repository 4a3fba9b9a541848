// `ccproxy init`'s work, also run by `start` on a first run: the config dir's files, then the pinned LiteLLM.
import chalk from "chalk";
import { accessSync, constants } from "node:fs";
import { relative } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import { CliError } from "../errors.js";
import { ensureLitellm } from "../litellm/install.js";
import { configFiles } from "../paths.js";
import { writeSecret } from "./managed-files.js";
import { syncConfigDir, type SyncReport } from "./sync.js";

/** Why: `init`'s flags as the work needs them; `start` passes { install: true }. */
export interface SetupOptions {
  force?: boolean;
  python?: string;
  litellm?: string;
  install: boolean;
}

/** Why: writes the files, installs (or records the user's) LiteLLM, reports each step; returns the config it loaded. */
export async function setUpConfigDir(dir: string, options: SetupOptions, out: (line: string) => void): Promise<LoadedConfig> {
  const { report, loaded } = await syncConfigDir(dir, { force: options.force });
  printReport(dir, report, out);
  let installed = false;
  if (options.litellm) {
    recordExternalLitellm(dir, options.litellm);
    out(`  using your LiteLLM at ${options.litellm}`);
  } else if (options.install) {
    const started = Date.now();
    const install = await ensureLitellm({ python: options.python, onProgress: (line) => out(chalk.dim(`  │ ${line}`)) });
    installed = install.installed;
    out(
      install.installed
        ? `  installed litellm ${install.version} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${install.venv}`
        : `  litellm ${install.version} already installed → ${install.venv}`,
    );
  }
  const changed = installed || report.some((entry) => entry.outcome !== "unchanged");
  out(changed ? chalk.green(`ready: edit ${dir}/ccproxy.yaml, then run \`ccproxy start\``) : "nothing to do: everything is up to date");
  return loaded;
}

/** Why: `init --litellm PATH` is remembered so `start` and `doctor` use the same executable (litellm/locate.ts reads it). */
function recordExternalLitellm(dir: string, path: string): void {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new CliError(`--litellm ${path} is not an executable file`, {
      hint: "pass the path of the `litellm` command of your install, e.g. ~/venv/bin/litellm",
    });
  }
  writeSecret(configFiles(dir).litellmRecord, `${JSON.stringify({ litellm: path }, null, 2)}\n`);
}

const LABELS: Record<string, string> = {
  created: chalk.green("created"),
  updated: chalk.cyan("updated"),
  unchanged: chalk.dim("unchanged"),
  "kept-user-edits": chalk.yellow("kept (edited by you; --force replaces it)"),
  "replaced-user-edits": chalk.yellow("replaced (your version saved as .bak)"),
};

function printReport(dir: string, report: SyncReport, out: (line: string) => void): void {
  out(`config dir ${dir}`);
  for (const { file, outcome } of report) out(`  ${relative(dir, file).padEnd(18)} ${LABELS[outcome] ?? outcome}`);
}
