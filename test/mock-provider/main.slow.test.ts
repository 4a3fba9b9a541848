import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const entry = fileURLToPath(new URL("../../src/mock-provider/main.ts", import.meta.url));

it("runs as its own process: prints its URL, serves, and exits 0 on SIGTERM", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", entry, "--port", "0", "--latency-ms", "5"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const url = /^mock provider listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(line.toString())?.[1];
    expect(url).toBeDefined();
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ model: "gpt-bench", messages: [] }),
    });
    expect(res.headers.get("x-mock-provider")).toBe("openai");
    expect(await res.json()).toMatchObject({ choices: [{ message: { content: "Hello from mock-openai (model gpt-bench)" } }] });
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect(await exited).toEqual([0, null]);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
