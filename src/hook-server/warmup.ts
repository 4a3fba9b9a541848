// JIT warm-up: a short-lived child process sends the server a few thousand realistic /v1/route requests at start.
import { spawn, type ChildProcess } from "node:child_process";
import type { ListenTarget } from "../config/hook-address.js";
import { WARMUP_SUMMARIES } from "./warmup-summaries.js";

/** Why: warm-up requests carry this query so /v1/stats does not count them; a query, not a header, so that the
 * request headers object has the same shape as the Python hook's (a different shape deoptimised the handlers). */
export const WARMUP_QUERY = "?ccproxy-warmup";

/** Why: V8 optimises node:http's path and ours after ~2,500 requests; 5,000 cost ~0.5 s of CPU once. */
export const WARMUP_REQUESTS = 5_000;

/** Why: closing a connection generalises socket/stream object shapes and deoptimises code tuned on the first one;
 * several connections let V8 settle on the shapes a real (later) connection has. */
const WARMUP_PER_CONNECTION = 500;

/** Why: a child that hangs (a server stuck elsewhere) must not linger. */
const WARMUP_DEADLINE_MS = 20_000;

// Runs as `node -e`: argv = [target JSON, request count, per connection, deadline ms, ...bodies]. Sequential
// keep-alive requests framed exactly like the Python hook's (plus the warm-up query); any error or an early close just ends it.
// Why a separate process: an in-process client shares net/stream code with the server, and the first real
// connection then deoptimised what the warm-up had optimised.
const CHILD_SCRIPT = String.raw`
const net = require("node:net");
const [targetJson, countArg, perConnectionArg, deadlineArg, ...bodies] = process.argv.slice(1);
const target = JSON.parse(targetJson);
const count = Number(countArg);
const perConnection = Number(perConnectionArg);
setTimeout(() => process.exit(0), Number(deadlineArg)).unref();
const secret = process.env.CCPROXY_WARMUP_SECRET ? "X-CCProxy-Secret: " + process.env.CCPROXY_WARMUP_SECRET + "\r\n" : "";
const requests = bodies.map((body) => Buffer.from(
  "POST /v1/route${WARMUP_QUERY} HTTP/1.1\r\nHost: ccproxy-hook\r\nContent-Type: application/json\r\n" + secret + "Content-Length: " +
  Buffer.byteLength(body) + "\r\n\r\n" + body));
let sent = 0;
const open = () => {
  const socket = target.socket ? net.connect(target.socket) : net.connect(target.port, target.host);
  socket.setNoDelay(true);
  let onThis = 0;
  let got = Buffer.alloc(0);
  const next = () => {
    if (sent >= count || onThis >= perConnection) return void socket.end();
    onThis++;
    socket.write(requests[sent++ % requests.length]);
  };
  socket.on("connect", next);
  socket.on("data", (chunk) => {
    got = got.length ? Buffer.concat([got, chunk]) : chunk;
    for (;;) {
      const end = got.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = got.subarray(0, end).toString("latin1");
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!head.startsWith("HTTP/1.1 200") || !length) process.exit(0);
      const total = end + 4 + Number(length[1]);
      if (got.length < total) return;
      got = got.subarray(total);
      next();
    }
  });
  socket.on("error", () => process.exit(0));
  socket.on("close", () => (sent < count && onThis >= perConnection ? open() : process.exit(0)));
};
open();
`;

/** Why: the mix the server sees in real use, mostly main Claude Code requests. */
function warmupBodies(): string[] {
  const s = WARMUP_SUMMARIES;
  const main = s.claudeCodeMain!;
  return [main, s.subagent!, main, s.title!, main, s.haikuTitle!, main, s.webSearch!, main, s.openaiChat!, main,
    s.openaiResponses!, main, s.embeddings!];
}

/** Why: the running warm-up, so close() can end it early. */
export interface Warmup {
  readonly done: Promise<void>;
  stop(): void;
}

/** Starts the warm-up child against a listening server; never throws, and never keeps the parent alive. The hook secret
 * travels in the child's environment (its argv is visible to every local user). */
export function startWarmup(target: ListenTarget, requests = WARMUP_REQUESTS, secret?: string): Warmup {
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ["-e", CHILD_SCRIPT, JSON.stringify(target), String(requests),
      String(WARMUP_PER_CONNECTION), String(WARMUP_DEADLINE_MS), ...warmupBodies()],
      { stdio: "ignore", env: secret ? { CCPROXY_WARMUP_SECRET: secret } : {} });
  } catch {
    return { done: Promise.resolve(), stop() {} };
  }
  child.unref();
  const done = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  return {
    done,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}
