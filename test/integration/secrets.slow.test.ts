// A canary key in every place a key can appear — the environment, request headers, a provider's error echoing it, a
// traceback — never reaches a log file, `status`, `doctor` or an error body. The canary has no key-like shape, so only
// the literal redaction of the values ccproxy knows can hide it. The stack runs detached, off loopback (--allow-remote),
// with the hook server on a TCP port (the hook secret end to end) and LiteLLM at DEBUG, its most talkative.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";
import { configFiles } from "../../src/paths.js";
import { freePort } from "../../src/process/free-port.js";
import { bin, configDirFor, env as baseEnv, processesOf } from "../supervisor/helpers.js";

const CANARY = `canary-${randomBytes(12).toString("hex")}`;
const env = { ...baseEnv, MOCK_KEY: CANARY, LITELLM_LOG: "DEBUG" };
const run = (dir: string, ...args: string[]) => execa(process.execPath, [bin, ...args, "--config-dir", dir], { env, reject: false, all: true });

let mock: MockProvider;
let dir: string;
let port: number;
let url: string;
let masterKey: string;
const seen: { where: string; text: string }[] = []; // every output and body the test saw, checked at the end

beforeAll(async () => {
  mock = await createMockProvider();
  dir = configDirFor(mock.url);
  const routing = configFiles(dir).routing;
  const doc = parse(readFileSync(routing, "utf8")) as Record<string, any>;
  doc.hook = { ...(doc.hook ?? {}), port: await freePort() };
  delete doc.hook.socket;
  writeFileSync(routing, stringify(doc));
  port = await freePort();
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await run(dir, "stop");
  await mock.close();
  expect(processesOf(dir)).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});

async function post(body: object, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${masterKey}`, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  seen.push({ where: `body of ${response.status}`, text });
  return new Response(text, { status: response.status });
}

const hello = { model: "claude-sonnet-4-5", max_tokens: 20, messages: [{ role: "user", content: "hi" }] };

describe("secrets stay secret", () => {
  it("refuses to listen off loopback without --allow-remote, starting nothing", async () => {
    const refused = await run(dir, "start", "--detach", "--port", String(port), "--host", "0.0.0.0");
    expect(refused.exitCode).toBe(1);
    expect(refused.all).toContain("refusing to listen on 0.0.0.0: that is reachable from the network");
    expect(processesOf(dir)).toEqual([]);
  });

  it("starts off loopback with --allow-remote and says what is exposed", async () => {
    const start = await run(dir, "start", "--detach", "--port", String(port), "--host", "0.0.0.0", "--allow-remote");
    seen.push({ where: "start", text: start.all ?? "" });
    expect(start.exitCode, start.all).toBe(0);
    expect(start.all).toContain(`LiteLLM listens on 0.0.0.0:${port}: reachable from the network (--allow-remote)`);
    expect(start.all).toContain("exposed: /v1/messages");
    masterKey = readFileSync(configFiles(dir).masterKey, "utf8").trim();
  });

  it("routes through the hook over TCP with the hook secret", async () => {
    const ok = await post({ ...hello, metadata: { user_id: CANARY } }, { "x-canary": CANARY, "x-api-key": CANARY });
    expect(ok.status).toBe(200);
    expect(mock.requests.at(-1)?.headers["x-api-key"]).toBe(CANARY); // the provider did get the key
  });

  it("a client sending the canary as its key gets a 4xx that does not repeat it", async () => {
    const rejected = await post(hello, { authorization: `Bearer ${CANARY}` });
    expect(rejected.status).toBeGreaterThanOrEqual(400); // LiteLLM 1.108: 400 "No connected db." for a non-master key
    expect(rejected.status).toBeLessThan(500);
  });

  it("a provider error echoing the key reaches the client redacted", async () => {
    mock.setFault({ kind: "status", status: 401, times: 1, body: { type: "error", error: { type: "authentication_error", message: `invalid x-api-key: ${CANARY}` } } });
    const echoed = await post(hello);
    expect(echoed.status).toBe(401);
    expect((await echoed.json()).error.message).toMatch(/answered HTTP 401: authentication_error: invalid (?:REDACTED|x-api-key: \[redacted\])$/);
  });

  it("a provider answer that breaks LiteLLM (a traceback quoting the key) is a 5xx without it", async () => {
    mock.setFault({ kind: "status", status: 500, times: 1, body: `upstream exploded; key was ${CANARY}` });
    expect((await post(hello)).status).toBeGreaterThanOrEqual(500);
    // (A provider's 200 passes through as the response itself: model output is never rewritten, so it is not tested here.)
    mock.setFault({ kind: "status", status: 200, times: 1, body: `{"id": "msg_1", "content": [ broken json ${CANARY}` });
    expect((await post(hello)).status).toBeGreaterThanOrEqual(400);
  });

  it("status and doctor never show it", async () => {
    for (const args of [["status"], ["status", "--json"], ["doctor", "--json"]]) {
      const out = await run(dir, ...args);
      seen.push({ where: args.join(" "), text: out.all ?? "" });
    }
    expect(seen.find((s) => s.where === "status")?.text).toContain("is running");
  });

  it("no log file, output or error body holds the canary, the master key or the hook secret", async () => {
    const stop = await run(dir, "stop");
    expect(stop.exitCode, stop.all).toBe(0);
    const logsDir = configFiles(dir).logs;
    const logs = readdirSync(logsDir).map((name) => ({ where: `logs/${name}`, text: readFileSync(join(logsDir, name), "utf8") }));
    const hookSecret = readFileSync(configFiles(dir).hookSecret, "utf8").trim();
    for (const { where, text } of [...logs, ...seen]) {
      for (const [name, secret] of [["canary", CANARY], ["master key", masterKey], ["hook secret", hookSecret]] as const) {
        expect(text.includes(secret), `${name} in ${where}`).toBe(false);
      }
    }
    const litellmLog = logs.find((l) => l.where === "logs/litellm.log")?.text ?? "";
    expect(litellmLog.length).toBeGreaterThan(10_000); // DEBUG: LiteLLM really talked
    expect(litellmLog).toContain("'x-canary': '[redacted]'"); // the request headers, as LiteLLM's DEBUG log prints them
    expect(litellmLog).toContain("upstream exploded; key was [redacted]"); // the provider's error, in LiteLLM's exception
    expect(litellmLog).toMatch(/Traceback \(most recent call last\)[\s\S]*broken json \[redacted\]/); // and a traceback
    expect(logs.map((l) => l.where)).toEqual(expect.arrayContaining(["logs/ccproxy.log", "logs/hook.log", "logs/litellm.log"]));
  });
});
