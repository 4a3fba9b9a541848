// `ccproxy statusline`: Claude Code's statusLine command. Reads the JSON Claude Code writes on stdin (session_id, …) and
// prints one short line: the label and model that served this session's last request, and the session's cost so far.
import { join } from "node:path";
import { DEFAULT_HOOK_SOCKET, hookProbe } from "../config/hook-address.js";
import { readHookSecret } from "../init/hook-secret.js";
import { configFiles, resolveConfigDir, resolveStateDir, stateFiles } from "../paths.js";
import type { Probe } from "../process/ready.js";
import { hookGet } from "../hook-server/client.js";
import { readState } from "../state/state-file.js";
import { readUsage } from "../usage/reader.js";
import { formatUsd } from "../usage/render.js";
import { sessionFromRecords, type SessionView } from "../usage/session.js";

/** Why: the command's options after parsing. */
export interface StatuslineFlags {
  configDir?: string;
  stateDir?: string;
}

/** Why: Claude Code waits for the line; a stuck stdin or hook server must not hold it up. */
const STDIN_TIMEOUT_MS = 1_000;
const SERVER_TIMEOUT_MS = 1_000;
/** Why: without a running hook server the files are read instead, as far back as the server itself replays. */
const OFFLINE_LOOKBACK_MS = 48 * 3_600_000;

/** Why: the programmatic form; always exits 0 with one line, since Claude Code shows whatever we print. */
export async function runStatusline(
  flags: StatuslineFlags,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  out: (line: string) => void = console.log,
): Promise<number> {
  const sessionId = sessionIdOf(await readInput(stdin));
  if (!sessionId) {
    out("ccproxy: no session id from Claude Code");
    return 0;
  }
  const configDir = resolveConfigDir(flags.configDir);
  const live = await askHookServer(hookProbeOf(configDir), readHookSecret(configFiles(configDir).hookSecret), sessionId);
  const view =
    live === "not-running"
      ? sessionFromRecords(sessionId, readUsage(stateFiles(resolveStateDir(configDir, flags.stateDir)).usage, new Date(Date.now() - OFFLINE_LOOKBACK_MS)).records)
      : live;
  out(statusLine(view, live === "not-running"));
  return 0;
}

/** Why: pure, so tests pin the wording: label → model · cost, and what went wrong last, in one short line. */
export function statusLine(view: SessionView | undefined, offline = false): string {
  const suffix = offline ? " (ccproxy not running)" : "";
  if (!view) return `ccproxy: no requests recorded for this session yet${suffix}`;
  const { last } = view;
  const model = last.model ? last.model.slice(last.model.indexOf("/") + 1) : "?";
  const cost =
    view.cost_usd === null
      ? "cost unknown"
      : `${formatUsd(view.cost_usd)}${view.unpriced_requests ? ` +${view.unpriced_requests} unpriced` : ""}`;
  const failed = last.ok ? "" : ` · last request failed (${last.error?.type ?? "error"}${last.error?.code ? ` ${last.error.code}` : ""})`;
  return `ccproxy: ${last.label ?? "unrouted"} → ${model} · ${cost} this session${failed}${suffix}`;
}

/** Why: Claude Code's stdin JSON carries `session_id`; anything else (or nothing) means no session. */
export function sessionIdOf(input: string): string | undefined {
  try {
    const parsed = JSON.parse(input) as { session_id?: unknown };
    return typeof parsed.session_id === "string" && parsed.session_id ? parsed.session_id : undefined;
  } catch {
    return undefined;
  }
}

function readInput(stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stdin.isTTY) return Promise.resolve("");
  return new Promise((resolve) => {
    let text = "";
    const done = () => {
      clearTimeout(timer);
      stdin.removeListener("data", onData).removeListener("end", done).removeListener("error", done);
      stdin.pause();
      resolve(text);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      if (text.length > 1_000_000) done();
    };
    const timer = setTimeout(done, STDIN_TIMEOUT_MS);
    stdin.on("data", onData).once("end", done).once("error", done);
  });
}

/** Where the hook server answers: the running supervisor's record, else the default socket in the config dir. */
function hookProbeOf(configDir: string): Probe {
  const files = configFiles(configDir);
  return readState(files.state)?.hookProbe ?? hookProbe({ socket: join(configDir, DEFAULT_HOOK_SOCKET) });
}

/** The session's view from the running hook server; undefined when it knows no such session. */
async function askHookServer(probe: Probe, secret: string | undefined, sessionId: string): Promise<SessionView | undefined | "not-running"> {
  const answer = await hookGet(probe, `/v1/sessions/${encodeURIComponent(sessionId)}`, secret, SERVER_TIMEOUT_MS);
  if ("failed" in answer) return "not-running";
  if (answer.status === 404) return undefined;
  return answer.status === 200 ? (answer.body as SessionView) : "not-running";
}
