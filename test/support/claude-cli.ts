// Runs the real Claude Code CLI (the pinned @anthropic-ai/claude-code devDependency) once, non-interactively, against a
// base URL: `claude -p <prompt> --output-format json`, in a clean environment with a throw-away HOME, and with every
// proxy variable pointed at a local trap, so nothing leaves the machine and nothing of the developer's setup leaks in.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type Server, type Socket } from "node:net";
import { arch, tmpdir } from "node:os";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const WRAPPER = "@anthropic-ai/claude-code";

/** Why: tests assert the version they ran (the user-agent says it too); read from the installed package, not assumed. */
export const CLAUDE_CODE_VERSION: string = JSON.parse(readFileSync(require.resolve(`${WRAPPER}/package.json`), "utf8")).version;

/** Why: a token of the shape a subscription login sends (`sk-ant-oat01-…`); fake, only ever shown to local mocks. */
export const FAKE_OAUTH_TOKEN = "sk-ant-oat01-ccproxy-test-not-a-real-token-0000000000000000000000000000000000000000AA";

/** Why: the ways Claude Code authenticates to ANTHROPIC_BASE_URL; each sets exactly one variable. */
export const claudeAuth = {
  /** `Authorization: Bearer <key>`: what the README and `ccproxy run` set up (ANTHROPIC_AUTH_TOKEN). */
  authToken: (key: string) => ({ ANTHROPIC_AUTH_TOKEN: key }),
  /** `x-api-key: <key>` (ANTHROPIC_API_KEY). */
  apiKey: (key: string) => ({ ANTHROPIC_API_KEY: key }),
  /** A subscription login: `Authorization: Bearer sk-ant-oat…` plus the `oauth-2025-04-20` beta. */
  oauth: (token: string = FAKE_OAUTH_TOKEN) => ({ CLAUDE_CODE_OAUTH_TOKEN: token }),
};

/** Why: one run's knobs; everything but the prompt and the base URL has a default fit for a test. */
export interface ClaudeRunOptions {
  prompt: string;
  /** ANTHROPIC_BASE_URL: the proxy (or a mock) under test. */
  baseUrl: string;
  /** Added last, over the clean environment: auth (see `claudeAuth`), ANTHROPIC_MODEL, … A value of undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** Extra CLI arguments after the defaults, e.g. ["--model", "opus"]. */
  args?: string[];
  /** Kill the process group after this long (default 90 s). */
  timeoutMs?: number;
  /** The working directory (default: an empty `work` folder in the temp HOME), e.g. one holding a file to Read. */
  cwd?: string;
}

/** Why: what a test asserts: how the process ended, Claude Code's JSON result, the raw output, and any escape attempt. */
export interface ClaudeRunResult {
  /** Also the id of the run's process group, which got SIGKILL when the run ended (stragglers included). */
  pid: number | undefined;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  /** The `--output-format json` object (`type: "result"`, `result`, `is_error`, `modelUsage`, …); undefined if stdout is not JSON. */
  json: ClaudeJsonResult | undefined;
  /** First line of every connection made to the HTTP(S)_PROXY trap (e.g. "CONNECT api.anthropic.com:443 HTTP/1.1"). */
  egress: string[];
  /** The argv and environment the CLI ran with (the temp paths are gone by now); for failure messages. */
  argv: string[];
  env: Record<string, string>;
}

/** Why: the fields of Claude Code's JSON result the tests read; the rest stays reachable. */
export interface ClaudeJsonResult {
  type: string;
  subtype: string;
  is_error: boolean;
  result?: string;
  num_turns?: number;
  session_id?: string;
  modelUsage?: Record<string, unknown>;
  api_error_status?: number | null;
  [key: string]: unknown;
}

/**
 * Flags for a deterministic one-shot run: one turn (a tool call could not start a second one), nothing saved for
 * --resume, no permission prompt (anything not pre-approved is denied), no MCP servers but the (empty) ones given.
 * Claude Code's default tool set stays on, so the request has the real shape (≈12 tools, ToolSearch, thinking).
 */
export const DEFAULT_ARGS = ["--max-turns", "1", "--no-session-persistence", "--permission-mode", "dontAsk", "--strict-mcp-config"];

/** Why: the native binary. The wrapper's postinstall links it over bin/claude.exe; with scripts off that file is a
 * 500-byte stub that only prints an error, so fall back to the platform package itself. */
export function claudeBinary(): string {
  const wrapperDir = dirname(require.resolve(`${WRAPPER}/package.json`));
  const linked = join(wrapperDir, "bin", "claude.exe");
  if (statSync(linked).size > 1_000_000) return linked;
  const platformPkg = `${WRAPPER}-${platformKey()}`;
  const dir = dirname(require.resolve(`${platformPkg}/package.json`, { paths: [wrapperDir] }));
  return join(dir, process.platform === "win32" ? "claude.exe" : "claude");
}

/** Why: runs the CLI once in a temp HOME (removed afterwards) and reports everything; never throws for a failed run. */
export async function runClaude(options: ClaudeRunOptions): Promise<ClaudeRunResult> {
  const home = mkdtempSync(join(tmpdir(), "ccp-claude-"));
  const trap = await egressTrap();
  try {
    const env = cleanEnv(home, options.baseUrl, trap.url, options.env ?? {});
    const argv = ["-p", options.prompt, "--output-format", "json", ...DEFAULT_ARGS, ...(options.args ?? [])];
    const ran = await spawnGroup(claudeBinary(), argv, env, options.cwd ?? join(home, "work"), options.timeoutMs ?? 90_000);
    return { ...ran, json: parseResult(ran.stdout), egress: [...trap.seen], argv, env };
  } finally {
    await trap.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * Only what Claude Code needs, nothing inherited but PATH: no ANTHROPIC_*, CLAUDE_*, CLAUDECODE (set when the tests
 * run inside a Claude Code session), no proxy or XDG variable of the developer's. Every place it writes is under `home`.
 */
function cleanEnv(home: string, baseUrl: string, proxyUrl: string, extra: Record<string, string | undefined>): Record<string, string> {
  const dirs = { config: join(home, ".config"), cache: join(home, ".cache"), data: join(home, ".local/share"), state: join(home, ".local/state"), tmp: join(home, "tmp"), claude: join(home, ".claude"), work: join(home, "work") };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: home,
    USER: "ccproxy-test",
    LANG: "C.UTF-8",
    TERM: "dumb",
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_CACHE_HOME: dirs.cache,
    XDG_DATA_HOME: dirs.data,
    XDG_STATE_HOME: dirs.state,
    CLAUDE_CONFIG_DIR: dirs.claude,
    CLAUDE_CODE_TMPDIR: dirs.tmp,
    // no telemetry, error reports, feature flags or update checks (without it 2.1.332 tries api.anthropic.com:443)
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    // a failed request fails the run now, instead of after minutes of backoff (a test may set it back)
    CLAUDE_CODE_MAX_RETRIES: "0",
    // anything that still tries to leave is caught by the trap, and loopback (the proxy) is reached directly
    HTTPS_PROXY: proxyUrl,
    HTTP_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    http_proxy: proxyUrl,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    ANTHROPIC_BASE_URL: baseUrl,
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A loopback listener standing in for an HTTP proxy: it records the first line of each connection and hangs up. */
async function egressTrap(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.once("data", (chunk) => {
      seen.push(chunk.toString("latin1").split("\r\n", 1)[0]!.slice(0, 200));
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Spawns in a process group of its own; on timeout, and after exit (stragglers), the whole group is killed. */
function spawnGroup(file: string, argv: string[], env: Record<string, string>, cwd: string, timeoutMs: number) {
  const started = Date.now();
  const child = spawn(file, argv, { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const killGroup = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // the group is already gone
    }
  };
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, timeoutMs);
  return new Promise<Omit<ClaudeRunResult, "json" | "egress" | "argv" | "env">>((resolve) => {
    let done = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      killGroup();
      resolve({ pid: child.pid, exitCode, signal, timedOut, durationMs: Date.now() - started, stdout, stderr });
    };
    child.once("error", (error) => {
      stderr += `\nspawn failed: ${error.message}`;
      finish(null, null);
    });
    child.once("close", finish);
  });
}

function parseResult(stdout: string): ClaudeJsonResult | undefined {
  const text = stdout.trim();
  for (const candidate of [text, text.split("\n").at(-1) ?? ""]) {
    try {
      const value = JSON.parse(candidate);
      if (value && typeof value === "object" && !Array.isArray(value)) return value as ClaudeJsonResult;
    } catch {
      // not JSON (an error message, or a crash)
    }
  }
  return undefined;
}

/** The platform package suffix, as the wrapper's install.cjs computes it (musl from the absence of a glibc runtime). */
function platformKey(): string {
  if (process.platform === "linux") {
    const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
    return `linux-${arch()}${header?.glibcVersionRuntime === undefined ? "-musl" : ""}`;
  }
  return `${process.platform}-${arch()}`;
}
