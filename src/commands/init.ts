// `ccproxy init`: writes the config dir and installs the pinned LiteLLM.
import chalk from "chalk";
import type { Command } from "commander";
import { relative } from "node:path";
import { action } from "../cli/handle-errors.js";
import { withConfigDir } from "../cli/options.js";
import { syncConfigDir, type SyncReport } from "../init/sync.js";
import { ensureLitellm } from "../litellm/install.js";
import { recordExternalLitellm } from "../litellm/locate.js";
import { resolveConfigDir } from "../paths.js";

interface InitOptions {
  configDir?: string;
  force?: boolean;
  python?: string;
  litellm?: string;
  install: boolean;
}

/** Why: registers `ccproxy init` on the program (see src/cli.ts). */
export function register(program: Command): void {
  withConfigDir(program.command("init"))
    .description("write ccproxy.yaml, LiteLLM's config.yaml and the hook, and install the pinned LiteLLM")
    .option("--force", "replace files you edited (a .bak copy is kept)")
    .option("--python <path>", "Python interpreter for the managed virtualenv (3.10–3.14)")
    .option("--litellm <path>", "use this existing `litellm` executable instead of the managed virtualenv")
    .option("--no-install", "write the files only; do not install LiteLLM")
    .action(action((options: InitOptions) => runInit(options)));
}

/** Why: the programmatic form of `ccproxy init`, used by `start` on a first run and by tests. */
export async function runInit(options: InitOptions, out: (line: string) => void = console.log): Promise<number> {
  const dir = resolveConfigDir(options.configDir);
  const report = await syncConfigDir(dir, { force: options.force });
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
  return 0;
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
