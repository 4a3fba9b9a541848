// The request body a bench sends: a named synthetic sample or the user's JSON file, serialized once.
import { readFileSync } from "node:fs";
import { CliError } from "../errors.js";
import { samples } from "../samples/index.js";

/** Why: a small request, a typical Claude Code main request and a long-context one; names are what users type after --body. */
export const BODY_SAMPLES = {
  small: samples.size1k,
  "claude-code": samples.size76k,
  large: samples.size600k,
} as const;

/** Why: the bytes go out unchanged on every request; the description labels the report. */
export interface BenchBody {
  name: string;
  bytes: Buffer;
  model: string;
}

/**
 * Why: every target of one comparison gets the same bytes. `model` overrides the body's model
 * (the self-contained bench sends `ccproxy-default`, an alias both LiteLLM configs declare).
 */
export function loadBody(choice: string, options: { stream: boolean; model?: string }): BenchBody {
  const make = Object.hasOwn(BODY_SAMPLES, choice) ? BODY_SAMPLES[choice as keyof typeof BODY_SAMPLES] : undefined;
  const body = make ? make() : readUserBody(choice);
  if (options.model) body.model = options.model;
  body.stream = options.stream;
  if (typeof body.model !== "string") throw new CliError(`--body ${choice}: the body has no "model"`, { exitCode: 2, hint: "add a model or pass --model" });
  return { name: make ? choice : `file ${choice}`, bytes: Buffer.from(JSON.stringify(body)), model: body.model };
}

function readUserBody(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliError(`--body ${path}: ${(error as Error).message}`, {
      exitCode: 2,
      hint: `use ${Object.keys(BODY_SAMPLES).join(", ")} or the path of a JSON request body`,
    });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`--body ${path}: expected a JSON object (an Anthropic /v1/messages request)`, { exitCode: 2 });
  }
  return parsed as Record<string, unknown>;
}
