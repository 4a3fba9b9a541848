// POST /v1/served: LiteLLM workers' counts of which target served; GET /v1/stats shows them for `status`.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { Agent, request } from "undici";
import { silentLogger } from "../../src/hook-server/logger.js";
import { createHookServer, type HookServer } from "../../src/hook-server/server.js";
import { validateServedBatch } from "../../src/hook-server/stats.js";

let dir: string;
let server: HookServer;
let agent: Agent;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "hook-served-"));
  server = createHookServer({ route: () => ({ need: "text" }), health: () => ({}), logger: silentLogger });
  await server.listen({ socket: join(dir, "hook.sock") });
  agent = new Agent({ connect: { socketPath: join(dir, "hook.sock") } });
});

afterEach(async () => {
  await agent.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: "GET" | "POST", path: string, body?: unknown) {
  const res = await request(`http://hook${path}`, {
    method, dispatcher: agent,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as any };
}

it("adds each batch to the served counts, fallbacks and exhausted chains", async () => {
  const batch = { v: 1, served: [{ route: "default", served: "think", n: 2 }, { route: "default", served: "default", n: 5 }, { route: "", served: "default", n: 1 }], exhausted: [{ route: "default", n: 1 }] };
  expect(await call("POST", "/v1/served", batch)).toEqual({ status: 200, json: { v: 1, ok: true } });
  await call("POST", "/v1/served", { v: 1, served: [{ route: "default", served: "think", n: 1 }] });
  const { json } = await call("GET", "/v1/stats");
  expect(json.served).toEqual({ by_label: { think: 3, default: 6 }, fallbacks: { "default→think": 3 }, chain_exhausted: { default: 1 } });
});

it("refuses a malformed batch whole, in the usual error shape", async () => {
  const bad = await call("POST", "/v1/served", { v: 1, served: [{ route: "default", served: "../etc", n: 1 }] });
  expect(bad.status).toBe(400);
  expect(bad.json.error).toMatchObject({ type: "ValidationError", message: "served batch: served rows are {route, served, n}" });
  expect((await call("GET", "/v1/stats")).json.served.by_label).toEqual({});
  expect((await call("GET", "/v1/served")).status).toBe(405);
});

it("validates counts and sizes", () => {
  expect(() => validateServedBatch({ v: 2 })).toThrow("expected an object with v: 1");
  expect(() => validateServedBatch({ v: 1, served: [{ route: "a", served: "b", n: 0 }] })).toThrow("served rows");
  expect(() => validateServedBatch({ v: 1, exhausted: new Array(300).fill({ route: "a", n: 1 }) })).toThrow("at most 256 rows");
  expect(validateServedBatch({ v: 1 })).toEqual({ served: [], exhausted: [] });
});
