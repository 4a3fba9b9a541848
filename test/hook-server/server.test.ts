// The server over a real Unix socket with undici: protocol, keep-alive, stats, socket file life cycle.
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { statSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import { createHookServer, type HookServer, type HookServerOptions } from "../../src/hook-server/server.js";
import { silentLogger, type Logger } from "../../src/hook-server/logger.js";
import type { RouteDecision, RouteSummary } from "../../src/routing/types.js";
import { tempDir } from "../support/temp-dir.js";

const SUMMARY: RouteSummary = {
  v: 1,
  call_type: "messages",
  model: "claude-sonnet-4-5-20250929",
  stream: true,
  max_tokens: 32000,
  thinking: { type: "adaptive" },
  effort: "high",
  tools: [{ name: "Bash" }, { name: "web_search", type: "web_search_20250305" }],
  bytes: { system: 14210, messages: 40233, tools: 21877 },
};
const THINK: RouteDecision = { label: "think", model: "anthropic/claude-opus", alias: "ccproxy-think", rule: "thinking", reason: "effort high" };
const DEFAULT: RouteDecision = { label: "default", model: "anthropic/claude-sonnet", alias: "ccproxy-default", rule: null, reason: "no rule matched" };
const SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

let dir: string;
let socketPath: string;
let servers: HookServer[];
let agents: Agent[];

beforeEach(() => {
  dir = tempDir("hook-server-");
  socketPath = join(dir, "hook.sock");
  servers = [];
  agents = [];
});

afterEach(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await Promise.all(servers.map((s) => s.close()));
});

async function start(overrides: Partial<HookServerOptions> = {}): Promise<HookServer> {
  const server = createHookServer({
    route: (s) => (s.effort === "high" ? THINK : DEFAULT),
    health: () => ({ config: "/x/ccproxy.yaml" }),
    logger: silentLogger,
    ...overrides,
  });
  servers.push(server);
  await server.listen({ socket: socketPath });
  return server;
}

function client(): Agent {
  const agent = new Agent({ connect: { socketPath } });
  agents.push(agent);
  return agent;
}

async function call(method: string, path: string, body?: unknown, dispatcher = client(), extraHeaders: Record<string, string> = {}) {
  const res = await request(`http://hook${path}`, {
    method: method as "GET",
    dispatcher,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...extraHeaders },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, headers: res.headers, json: (await res.body.json()) as any };
}

describe("protocol", () => {
  it("answers POST /v1/route with the decision, protocol version and its decision time", async () => {
    await start();
    const { status, headers, json } = await call("POST", "/v1/route", SUMMARY);
    expect(status).toBe(200);
    expect(headers["content-type"]).toBe("application/json");
    expect(json).toEqual({ v: 1, ...THINK, decide_us: expect.any(Number) });
    expect(json.decide_us).toBeGreaterThanOrEqual(0);
  });

  it("passes the validated summary to route and ignores the query string", async () => {
    const seen: RouteSummary[] = [];
    await start({ route: (s) => (seen.push(s), DEFAULT) });
    const { status } = await call("POST", "/v1/route?x=1", SUMMARY);
    expect(status).toBe(200);
    expect(seen).toEqual([SUMMARY]);
  });

  it("relays {need: text}", async () => {
    await start({ route: () => ({ need: "text" }) });
    expect((await call("POST", "/v1/route", SUMMARY)).json).toEqual({ v: 1, need: "text" });
  });

  it("answers GET /health with status ok and the health fields", async () => {
    await start();
    expect(await call("GET", "/health")).toMatchObject({ status: 200, json: { status: "ok", config: "/x/ccproxy.yaml" } });
  });

  it("answers an unknown path with 404 and a wrong method with 405 naming the allowed one", async () => {
    await start();
    const missing = await call("GET", "/nope");
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatchObject({ type: "NotFound", code: 404 });
    expect(missing.json.error.message).toContain("/nope: no such endpoint");
    const wrong = await call("GET", "/v1/route");
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe("POST");
    expect(wrong.json.error).toEqual({ type: "MethodNotAllowed", message: "GET /v1/route: method not allowed; use POST", code: 405 });
    expect((await call("POST", "/health", {})).status).toBe(405);
  });

  it("turns an exception in route into a 500 Unknown without internals, and logs the stack", async () => {
    const logged: string[] = [];
    const logger: Logger = { ...silentLogger, error: (m) => logged.push(m) };
    await start({ route: () => { throw new Error("secret internals"); }, logger });
    const { status, json } = await call("POST", "/v1/route", SUMMARY);
    expect(status).toBe(500);
    expect(json.error).toEqual({ type: "Unknown", message: "internal error; see the ccproxy log", code: 500 });
    expect(logged.join("\n")).toContain("secret internals");
    expect((await call("GET", "/health")).status).toBe(200);
  });
});

describe("stats", () => {
  it("counts decisions per label and rule, need_text, errors, and times decisions", async () => {
    let n = 0;
    const server = await start({ route: () => (++n % 5 === 0 ? { need: "text" } : n % 2 ? THINK : DEFAULT) });
    const agent = client();
    for (let i = 0; i < 20; i++) await call("POST", "/v1/route", SUMMARY, agent);
    await call("POST", "/v1/route", { ...SUMMARY, v: 9 }, agent);
    await call("GET", "/missing", undefined, agent);
    const { json } = await call("GET", "/v1/stats", undefined, agent);
    // n = 1..20: multiples of 5 ask for text (4); of the rest, odd n → think (8), even → default (8)
    expect(json.decisions).toEqual({ by_label: { think: 8, default: 8 }, by_rule: { thinking: 8, "(default)": 8 } });
    expect(json.need_text).toBe(4);
    expect(json.errors).toEqual({ ValidationError: 1, NotFound: 1 });
    expect(json.decide_us.count).toBe(20);
    expect(json.decide_us.p50).toBeLessThanOrEqual(json.decide_us.p99);
    expect(json.decide_us.p99).toBeLessThanOrEqual(json.decide_us.max);
    expect(json.uptime_s).toBeGreaterThanOrEqual(0);
    expect(server.stats.snapshot().need_text).toBe(4);
  });
});

describe("connections", () => {
  it("reuses one keep-alive connection for many requests", async () => {
    await start();
    const statuses = new Set<number>();
    const agent = new Agent({ connect: { socketPath }, connections: 1 });
    agents.push(agent);
    let connects = 0;
    agent.on("connect", () => connects++);
    for (let i = 0; i < 50; i++) statuses.add((await call("POST", "/v1/route", SUMMARY, agent)).status);
    expect(statuses).toEqual(new Set([200]));
    expect(connects).toBe(1);
  });

  it("keeps an idle connection open longer than the headers timeout", async () => {
    await start({ timeouts: { headersMs: 200, requestMs: 300 } });
    const agent = client();
    let connects = 0;
    agent.on("connect", () => connects++);
    await call("POST", "/v1/route", SUMMARY, agent);
    await new Promise((r) => setTimeout(r, 700));
    await call("POST", "/v1/route", SUMMARY, agent);
    expect(connects).toBe(1);
  });
});

describe("socket file", () => {
  it("is created with mode 0600", async () => {
    await start();
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
  });

  it("is removed by a graceful close", async () => {
    const server = await start();
    await call("POST", "/v1/route", SUMMARY); // leaves an idle keep-alive connection open
    await server.close();
    expect(existsSync(socketPath)).toBe(false);
  });

  it("replaces a stale socket file nobody answers on", async () => {
    // A server killed with SIGKILL leaves its socket file behind.
    const script = `require("net").createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, "SIGKILL"))`;
    expect(spawnSync(process.execPath, ["-e", script]).signal).toBe("SIGKILL");
    expect(statSync(socketPath).isSocket()).toBe(true);
    await start();
    expect((await call("POST", "/v1/route", SUMMARY)).status).toBe(200);
  });

  it("refuses a socket a live server answers on", async () => {
    await start();
    const second = createHookServer({ route: () => DEFAULT, health: () => ({}), logger: silentLogger });
    await expect(second.listen({ socket: socketPath })).rejects.toThrow(`a server is already listening on ${socketPath}`);
    expect((await call("GET", "/health")).status).toBe(200);
  });

  it("refuses to replace a file that is not a socket", async () => {
    writeFileSync(socketPath, "keep me");
    const server = createHookServer({ route: () => DEFAULT, health: () => ({}), logger: silentLogger });
    await expect(server.listen({ socket: socketPath })).rejects.toThrow("exists and is not a socket");
  });

  it("listens on 127.0.0.1 with an ephemeral port, and nowhere else", async () => {
    const server = createHookServer({ route: () => DEFAULT, health: () => ({}), logger: silentLogger, secret: SECRET });
    servers.push(server);
    const address = await server.listen({ host: "127.0.0.1", port: 0 });
    expect("port" in address && address.port).toBeGreaterThan(0);
    const res = await request(`http://127.0.0.1:${(address as { port: number }).port}/health`);
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    const open = createHookServer({ route: () => DEFAULT, health: () => ({}), logger: silentLogger, secret: SECRET });
    await expect(open.listen({ host: "0.0.0.0" as "127.0.0.1", port: 0 })).rejects.toThrow("loopback only");
    const unkeyed = createHookServer({ route: () => DEFAULT, health: () => ({}), logger: silentLogger });
    await expect(unkeyed.listen({ host: "127.0.0.1", port: 0 })).rejects.toThrow("refusing to listen on a TCP port without the hook secret");
  });

  it("creates the socket 0600 under a private umask (no window with a looser mode) and restores the umask", async () => {
    const before = process.umask(0o000); // the loosest a parent could leave
    try {
      await start();
      expect(statSync(socketPath).mode & 0o777).toBe(0o600);
      expect(process.umask()).toBe(0o000);
    } finally {
      process.umask(before);
    }
  });
});

describe("hook secret", () => {
  it("answers /v1/route only with the secret, and says so without echoing what was sent", async () => {
    let routed = 0;
    await start({ secret: SECRET, route: () => (routed++, DEFAULT) });
    const none = await call("POST", "/v1/route", SUMMARY);
    const wrong = await call("POST", "/v1/route", SUMMARY, client(), { "x-ccproxy-secret": `${SECRET.slice(1)}0` });
    for (const answer of [none, wrong]) {
      expect(answer.status).toBe(401);
      expect(answer.json.error.type).toBe("Unauthorized");
      expect(answer.headers.connection).toBe("close");
    }
    expect(JSON.stringify(wrong.json)).not.toContain(SECRET.slice(1));
    expect(routed).toBe(0);
    const right = await call("POST", "/v1/route", SUMMARY, client(), { "x-ccproxy-secret": SECRET });
    expect(right.status).toBe(200);
    expect(routed).toBe(1);
    expect((await call("GET", "/nowhere")).status).toBe(401); // unknown paths are closed too
    expect((await call("GET", "/health")).status).toBe(200);
    expect((await call("GET", "/v1/stats")).json.errors).toEqual({ Unauthorized: 3 });
  });

  it("proves it holds the secret: HMAC-SHA256 over a client nonce", async () => {
    await start({ secret: SECRET });
    const nonce = "ab".repeat(16);
    const { status, json } = await call("GET", `/v1/hello?nonce=${nonce}`);
    expect(status).toBe(200);
    expect(json).toEqual({ v: 1, proof: createHmac("sha256", SECRET).update(`ccproxy-hook-server/${nonce}`).digest("hex") });
    expect((await call("GET", "/v1/hello?nonce=xyz")).status).toBe(400);
    expect((await call("GET", "/v1/hello")).status).toBe(400);
  });

  it("has no proof to give without a secret", async () => {
    await start();
    expect((await call("GET", `/v1/hello?nonce=${"ab".repeat(16)}`)).status).toBe(404);
  });
});

describe("TCP port", () => {
  it("names the busy port and its holder", async () => {
    const first = createHookServer({ route: () => DEFAULT, health: () => ({}), logger: silentLogger, secret: SECRET });
    servers.push(first);
    const address = (await first.listen({ host: "127.0.0.1", port: 0 })) as { port: number };
    const second = createHookServer({ route: () => DEFAULT, health: () => ({}), logger: silentLogger, secret: SECRET });
    await expect(second.listen({ host: "127.0.0.1", port: address.port })).rejects.toThrow(
      new RegExp(`^127\\.0\\.0\\.1:${address.port} is already in use, held by PID ${process.pid} `),
    );
  });
});
