// Real processes: a foreground `ccproxy start`, SIGTERM while a slow stream is open → clean exit 0, nothing left.
import { execa } from "execa";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";
import { configFiles } from "../../src/paths.js";
import { freePort } from "../../src/process/free-port.js";
import { ask, bin, configDirFor, env, eventually, processesOf } from "./helpers.js";

let mock: MockProvider;
let dir: string;

beforeAll(async () => {
  mock = await createMockProvider({ chunkDelayMs: 300, chunks: 10 }); // a ~3 s stream
  dir = configDirFor(mock.url);
});

afterAll(async () => {
  await mock.close();
});

it("start --verbose: the children's start-up lines and LiteLLM's debug log; SIGTERM during an open stream ends it within the grace bound, exit 0, no process of ours left", async () => {
  const port = await freePort();
  const since = Date.now();
  const proxy = execa(process.execPath, [bin, "start", "--verbose", "--config-dir", dir, "--port", String(port), "--grace", "5"], { env, reject: false, all: true, forceKillAfterDelay: false });
  let output = "";
  proxy.all?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await eventually(() => output.includes("ccproxy is ready at") || proxy.exitCode !== null, 120_000, "foreground start to be ready");
  console.log(`foreground start to ready: ${((Date.now() - since) / 1000).toFixed(1)} s`);
  expect(output).toMatch(/\[hook\] hook server listening on/);
  expect(output).toMatch(/\[litellm\] .*Uvicorn running/);
  expect(output).toMatch(/\[litellm\] .*LiteLLM Proxy:DEBUG/); // --detailed_debug
  expect(output).toContain(`[ccproxy] ccproxy is ready at http://127.0.0.1:${port}`);

  const response = await ask(`http://127.0.0.1:${port}`, dir, true);
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  let body = new TextDecoder().decode((await reader.read()).value);
  const stopAt = Date.now();
  proxy.kill("SIGTERM");
  const streamEnded = (async () => {
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += new TextDecoder().decode(chunk.value);
      return "completed";
    } catch {
      return "cut";
    }
  })();
  const result = await proxy;
  const shutdownS = (Date.now() - stopAt) / 1000;
  const ending = await streamEnded;
  console.log(`shutdown with an open stream: ${shutdownS.toFixed(1)} s; stream ${ending}, message_stop ${body.includes("message_stop")}`);
  expect(result.exitCode, output).toBe(0);
  expect(shutdownS).toBeLessThan(5 + 3); // grace, plus the hook server's own stop
  if (ending === "completed") expect(body).toContain("message_stop"); // a completed stream is whole, never truncated silently
  expect(output).toContain("[ccproxy] SIGTERM: stopping (LiteLLM first, up to 5 s for open requests)");
  expect(output).toMatch(/\[ccproxy\] stopped in \d+\.\d s/);
  expect(processesOf(dir)).toEqual([]);
  expect(existsSync(join(dir, "hook.sock"))).toBe(false);
  expect(existsSync(configFiles(dir).state)).toBe(false);
});
