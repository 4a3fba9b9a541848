// `ccproxy init`'s work, also run by `start` on a first run: the config dir's files, then the pinned LiteLLM.
import chalk from "chalk";
import { accessSync, constants } from "node:fs";
import { join, relative } from "node:path";
import type { LoadedConfig } from "../config/load.js";
import { CliError } from "../errors.js";
import { ensureLitellm } from "../litellm/install.js";
import { litellmPin } from "../litellm/pin.js";
import { pruneManagedVenvs } from "../litellm/prune.js";
import { configFiles, resolveStateDir } from "../paths.js";
import { progressLine } from "../process/progress.js";
import { writeSecret } from "./managed-files.js";
import { syncConfigDir, type SyncReport } from "./sync.js";

/** Why: `init`'s flags as the work needs them; `start` passes { install: true } and its --quiet/--verbose. */
export interface SetupOptions {
  force?: boolean;
  python?: string;
  litellm?: string;
  install: boolean;
  /** Remove managed venvs of older pins from the cache dir. */
  prune?: boolean;
  /** Only errors and the final line. */
  quiet?: boolean;
  /** Stream the installer's output (it always goes to the install log). */
  verbose?: boolean;
}

/** Why: the installer's full output goes here, under the state dir's logs/, and the progress line names it. */
export function installLogFile(dir: string): string {
  return join(resolveStateDir(dir), "logs", `install-litellm-${litellmPin()}.log`);
}

/** Why: writes the files, installs (or records the user's) LiteLLM, reports each step; returns the config it loaded. */
export async function setUpConfigDir(dir: string, options: SetupOptions, out: (line: string) => void): Promise<LoadedConfig> {
  const { report, loaded } = await syncConfigDir(dir, { force: options.force });
  if (!options.quiet) printReport(dir, report, out);
  let installed = false;
  if (options.litellm) {
    recordExternalLitellm(dir, options.litellm);
    out(`  using your LiteLLM at ${options.litellm}`);
  } else if (options.install) {
    const started = Date.now();
    const logFile = installLogFile(dir);
    const progress = progressLine({ label: `  installing litellm ${litellmPin()}`, quiet: options.quiet, verbose: options.verbose });
    try {
      const install = await ensureLitellm({ python: options.python, progress, logFile });
      installed = install.installed;
      progress.stop();
      if (!options.quiet) {
        out(
          install.installed
            ? `  installed litellm ${install.version} in ${((Date.now() - started) / 1000).toFixed(1)} s → ${install.venv} (installer output: ${logFile})`
            : `  litellm ${install.version} already installed → ${install.venv}`,
        );
      }
    } catch (error) {
      progress.stop();
      throw error;
    }
  }
  if (options.prune) for (const venv of pruneManagedVenvs()) out(`  removed ${venv} (an older LiteLLM pin)`);
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
