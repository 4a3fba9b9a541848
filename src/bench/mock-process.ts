// Starts mock-main.ts as a child process on a free loopback port and waits until it answers.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CliError } from "../errors.js";
import { freePort } from "../process/free-port.js";
import { waitReady } from "../process/ready.js";
import { terminate } from "../process/terminate.js";

/** Why: the bench needs the mock's URL and a way to stop it, nothing else. */
export interface MockProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Why: from dist/ the entry is compiled JS; under vitest (src/*.ts) it runs through tsx. */
function entry(): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL("./mock-main.js", import.meta.url));
  return existsSync(js) ? { file: js, execArgv: [] } : { file: js.replace(/\.js$/, ".ts"), execArgv: ["--import", "tsx"] };
}

/** Why: a separate process keeps the upstream's JSON parsing off the proxy's and the driver's cores. */
export async function startMockProcess(
  pacing: { latencyMs: number; chunkDelayMs?: number },
  onStart: (stop: () => Promise<void>) => void,
): Promise<MockProcess> {
  const port = await freePort();
  const { file, execArgv } = entry();
  const child = execa(process.execPath, [...execArgv, file, "--port", String(port), "--latency-ms", String(pacing.latencyMs), "--chunk-delay-ms", String(pacing.chunkDelayMs ?? 0)], {
    detached: true,
    reject: false,
    stdin: "ignore",
    stdout: "ignore",
    stderr: "inherit",
  });
  const stop = async () => void (await terminate(child, 2_000));
  onStart(stop);
  const url = `http://127.0.0.1:${port}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const ready = await waitReady({ url: `${url}/v1/models` }, { deadlineMs: 15_000, isAlive: alive });
  if (ready !== "ready") throw new CliError(`the bench's mock provider ${ready === "died" ? "exited" : "did not start"} (port ${port})`);
  return { url, pid: child.pid, stop };
}
