// `ccproxy doctor [--json] [--live]`: find what is wrong with an install and say how to fix it.
import { runDoctor } from "../doctor/doctor.js";
import { renderJson, renderText } from "../doctor/render.js";
import { exitCodeOf } from "../doctor/runner.js";
import { resolveConfigDir } from "../paths.js";
import { knownSecrets } from "../secrets/known.js";
import { Redactor } from "../secrets/redact.js";

/** Why: typed flags, the same shape commander produces and tests pass. */
export interface DoctorFlags {
  configDir?: string;
  json?: boolean;
  live?: boolean;
}

/** Why: the programmatic form; returns the exit code (0 when nothing fails). */
export async function runDoctorCommand(flags: DoctorFlags, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const dir = resolveConfigDir(flags.configDir);
  const { results, elapsedMs } = await runDoctor(dir, { live: flags.live });
  // Checks quote LiteLLM's output and providers' answers; a key in them never reaches the report.
  const redactor = new Redactor().addLiterals(knownSecrets(dir));
  out(redactor.redact(flags.json ? renderJson(results, elapsedMs) : renderText(results, elapsedMs)));
  return exitCodeOf(results);
}
