// Scale-out for real: two replicas (`ccproxy start`, each its own port and config dir) share one redis-server behind
// HAProxy, which checks /health/readiness. Usage and status see both replicas from either; Redis going away fails no
// request; stopping a replica under load drains it first, so the other serves the rest.
import { execa } from "execa";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMockProvider, type MockProvider } from "../../src/mock-provider/server.js";
import { configFiles } from "../../src/paths.js";
import { freePort } from "../../src/process/free-port.js";
import { writeFileSync } from "node:fs";
import { missingTools, testHaproxy, testRedis, type TestRedis } from "../support/cluster.js";
import { testRoutingYaml } from "../support/proxy-stack.js";
import { tempDir } from "../support/temp-dir.js";
import { bin, eventually } from "../supervisor/helpers.js";

const MASTER_KEY = "sk-cluster-test-master-key";
const COOLDOWN_S = 60;
const skip = missingTools();

let redis: TestRedis;
let mock: MockProvider;
let lb: { url: string; stop(): Promise<void> };
const replicas: { dir: string; port: number }[] = [];

const env = () => ({
  ...process.env, FORCE_COLOR: "0", MOCK_KEY: "sk-mock-upstream-key", CCPROXY_REDIS_URL: redis.url, CCPROXY_TEST_MASTER_KEY: MASTER_KEY,
  CCPROXY_CONFIG_DIR: "/proc/ccproxy-tests-must-pass-config-dir",
});
const cli = (dir: string, ...args: string[]) => execa(process.execPath, [bin, args[0]!, "--config-dir", dir, ...args.slice(1)], { env: env(), reject: false, all: true });
const json = async (dir: string, ...args: string[]) => {
  const result = await cli(dir, ...args, "--json");
  return JSON.parse(result.stdout) as Record<string, any>;
};
const ask = (stream = false) =>
  fetch(`${lb.url}/v1/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${MASTER_KEY}` },
    body: JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 20, stream, messages: [{ role: "user", content: "hello" }] }),
  });
const sendSome = async (n: number) => {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const response = await ask();
    await response.text();
    statuses.push(response.status);
  }
  return statuses;
};

describe.skipIf(skip)("two replicas sharing one Redis behind HAProxy", () => {
  beforeAll(async () => {
    redis = await testRedis();
    mock = await createMockProvider({ chunkDelayMs: 250 });
    for (let i = 0; i < 2; i++) {
      const dir = tempDir("ccp-rep-");
      writeFileSync(configFiles(dir).routing, testRoutingYaml(mock.url, mock.url, (doc) => {
        doc.proxy = { ...doc.proxy, master_key: "os.environ/CCPROXY_TEST_MASTER_KEY" };
        doc.cluster = { redis_url: "os.environ/CCPROXY_REDIS_URL", replica_id: `replica-${"ab"[i]}`, drain_s: 2 };
        // Cooldowns (resilience): a target with fallbacks that fails once is skipped for COOLDOWN_S, on every replica.
        doc.targets.background.fallbacks = ["think"];
        doc.targets.web_search.fallbacks = ["think"];
        Object.assign(doc.proxy, { cooldown_s: COOLDOWN_S, allowed_fails: 0 });
      }), { mode: 0o600 });
      replicas.push({ dir, port: await freePort() });
    }
    const started = await Promise.all(replicas.map(({ dir, port }) => cli(dir, "start", "--detach", "--port", String(port), "--grace", "10")));
    for (const result of started) expect(result.exitCode, result.all).toBe(0);
    lb = await testHaproxy(replicas.map((r) => r.port));
    await eventually(async () => (await json(replicas[0]!.dir, "status")).health?.cluster?.replicas?.length === 2, 20_000, "both replicas in Redis");
  }, 170_000);

  afterAll(async () => {
    await Promise.all(replicas.map(({ dir }) => cli(dir, "stop")));
    await lb?.stop();
    await redis?.stop();
    await mock?.close();
  }, 60_000);

  it("usage from both replicas shows in `ccproxy usage` run against either; --local shows the replica's own share", async () => {
    expect(await sendSome(6)).toEqual(Array(6).fill(200));
    for (const { dir } of replicas) {
      await eventually(async () => (await json(dir, "usage")).total.requests === 6, 10_000, `usage on ${dir} to count 6 requests`);
    }
    const local = await Promise.all(replicas.map(async ({ dir }) => (await json(dir, "usage", "--local")).total.requests as number));
    expect(local[0]! + local[1]!).toBe(6);
    expect(Math.min(...local)).toBeGreaterThan(0); // round robin: both replicas served
    const byLabel = await json(replicas[1]!.dir, "usage", "--by", "label");
    expect(byLabel.source).toBe("cluster");
    expect(byLabel.groups.map((g: { key: string; requests: number }) => [g.key, g.requests])).toEqual([["default", 6]]);
  });

  it("status on either replica lists the live replicas and sums their decisions", async () => {
    const status = await json(replicas[1]!.dir, "status");
    const cluster = status.health.cluster;
    expect(cluster.replica).toBe("replica-b");
    expect(cluster.redis.up).toBe(true);
    expect(cluster.redis.url).toBe(redis.url);
    expect(cluster.replicas.map((r: { id: string }) => r.id)).toEqual(["replica-a", "replica-b"]);
    type Beat = { stats: { decisions: { by_label: Record<string, number> } } };
    const decided = async () => ((await json(replicas[1]!.dir, "status")).health.cluster.replicas as Beat[]).reduce((sum, r) => sum + (r.stats.decisions.by_label.default ?? 0), 0);
    await eventually(async () => (await decided()) >= 6, 12_000, "the replicas' next heartbeats (every 5 s) to carry the 6 decisions");
    const human = await cli(replicas[0]!.dir, "status");
    expect(human.stdout).toMatch(/cluster\s+replica replica-a, Redis redis:\/\/127\.0\.0\.1:\d+\/0: 2 live replica\(s\): replica-a, replica-b/);
  });

  it.each([
    { status: 529, label: "background", model: "claude-haiku-4-5", body: {} },
    { status: 429, label: "web_search", model: "claude-sonnet-4-5-search", body: { tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 1 }] } },
  ])("a provider $status on one replica cools $label down on both: the other replica goes straight to the fallback", async ({ status, label, model, body }) => {
    const direct = (replica: { port: number }) =>
      fetch(`http://127.0.0.1:${replica.port}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${MASTER_KEY}` },
        body: JSON.stringify({ model: label === "background" ? "claude-haiku-4-5" : "claude-sonnet-4-5", max_tokens: 20, messages: [{ role: "user", content: "hi" }], ...body }),
      });
    const asked = () => mock.requests.filter((r) => r.model === model).length;
    // LiteLLM cools a deployment for the provider's retry-after when it sends one (the mock's default is 1 s).
    mock.setFault({ kind: "status", status, model, retryAfterSeconds: COOLDOWN_S });
    const first = await direct(replicas[0]!);
    expect(first.status, await first.text()).toBe(200);
    expect(first.headers.get("x-ccproxy-target")).toBe("think"); // replica A: the provider failed, the fallback served
    expect(asked()).toBe(1);
    mock.setFault(undefined); // the provider is fine again, but the cooldown holds for cooldown_s
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // LiteLLM re-reads a cooldown key from Redis at most each second
    const second = await direct(replicas[1]!);
    expect(second.status, await second.text()).toBe(200);
    expect(second.headers.get("x-ccproxy-target")).toBe("think"); // replica B never saw the failure, yet skips the target
    expect(asked()).toBe(1);
  });

  it("Redis going away fails no request: each replica goes on alone with a warning, and its counters catch up once Redis is back", async () => {
    const settled = async () => {
      const local = await Promise.all(replicas.map(async ({ dir }) => (await json(dir, "usage", "--local")).total.requests as number));
      return (await json(replicas[0]!.dir, "usage")).total.requests === local[0]! + local[1]!;
    };
    await eventually(settled, 10_000, "every record so far to be counted in Redis");
    await redis.stop();
    expect(await sendSome(6)).toEqual(Array(6).fill(200));
    // LiteLLM ships usage records to the hook server in batches off the request path (every 0.25 s): the counters
    // wait in memory once the last answer's batch has arrived, which may be just after the answers themselves.
    await eventually(async () => (await json(replicas[0]!.dir, "status")).health.cluster.redis.pending_fields > 0, 10_000, "the counters to wait for Redis");
    const status = await json(replicas[0]!.dir, "status");
    expect(status.health.cluster.redis.up).toBe(false);
    expect(status.health.cluster.redis.pending_fields).toBeGreaterThan(0);
    const hookLog = readFileSync(`${configFiles(replicas[0]!.dir).logs}/hook.log`, "utf8");
    // the URL is one of the secrets the log redactor knows (it may carry a password): the line names it [redacted]
    expect(hookLog).toMatch(/warn cluster Redis \S+ unreachable \(.*\): this replica goes on alone/);
    const usage = await cli(replicas[0]!.dir, "usage", "--json");
    expect(usage.stderr).toMatch(/cluster Redis .* unreachable .*: showing this replica's own records only/);
    expect(JSON.parse(usage.stdout).source).toBeUndefined();
    await redis.start(); // an empty Redis (no persistence): only what waited in the replicas' memory arrives
    for (const { dir } of replicas) {
      await eventually(async () => (await json(dir, "usage")).total?.requests === 6, 15_000, "the counters that waited to reach Redis");
    }
  });

  it("stopping one replica under load drains it (readiness 503 first), and the other serves the rest: no request fails", async () => {
    const outcomes: string[] = [];
    let running = true;
    const client = async () => {
      while (running) {
        try {
          const response = await ask(true);
          const text = await response.text();
          outcomes.push(response.status === 200 && text.includes("message_stop") ? "ok" : `${response.status} ${text.slice(0, 200)}`);
        } catch (error) {
          outcomes.push(`network: ${(error as Error).message}`);
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const [a] = replicas;
    const readiness: number[] = [];
    const stopping = cli(a!.dir, "stop");
    const probing = (async () => {
      for (let i = 0; i < 8; i++) {
        readiness.push(await fetch(`http://127.0.0.1:${a!.port}/health/readiness`).then((r) => r.status, () => 0));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const stopped = await stopping;
    await probing;
    expect(stopped.stdout).toMatch(/draining first: readiness answers 503 for 2 s/);
    const atStop = outcomes.length;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    running = false;
    await Promise.all(clients);
    expect(readiness).toContain(503);
    expect(outcomes.filter((o) => o !== "ok")).toEqual([]);
    expect(outcomes.length - atStop).toBeGreaterThan(4); // the other replica served on after the stop
    replicas.shift(); // stopped: afterAll leaves it be
  });
});

describe.skipIf(skip)("deploy/haproxy.cfg", () => {
  it("is a configuration HAProxy accepts (its replicas' names resolve only inside compose)", async () => {
    const checked = await execa("haproxy", ["-c", "-f", new URL("../../deploy/haproxy.cfg", import.meta.url).pathname], { reject: false, all: true });
    expect(checked.exitCode, checked.all).toBe(0);
    expect(checked.all).toContain("Configuration file is valid");
  });
});

if (skip) it.skip(`scale-out test skipped: ${skip}`, () => {});
