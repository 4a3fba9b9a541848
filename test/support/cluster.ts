// Real infrastructure for the scale-out tests: redis-server and HAProxy from their Debian packages, as child processes.
import { execa, type ResultPromise } from "execa";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../src/process/free-port.js";
import { waitReady } from "../../src/process/ready.js";
import { tempDir } from "./temp-dir.js";

/** Why: the test skips with this reason when a package is missing (.ci/run installs both). */
export function missingTools(): string | undefined {
  const missing = ["redis-server", "haproxy"].filter((tool) => {
    try {
      execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" });
      return false;
    } catch {
      return true;
    }
  });
  return missing.length ? `${missing.join(" and ")} not installed (apt-get install redis-server haproxy; .ci/run does)` : undefined;
}

/** Why: a Redis the test can stop and start again on the same port (the outage scenario). */
export interface TestRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Why: a throwaway redis-server: no persistence, loopback only. */
export async function testRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ResultPromise | undefined;
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    async start() {
      child = execa("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { reject: false, stdio: "ignore" });
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        try {
          if (execFileSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).trim() === "PONG") return;
        } catch {
          // not yet
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error("redis-server did not answer PING within 10 s");
    },
    async stop() {
      child?.kill("SIGKILL");
      await child;
      child = undefined;
    },
  };
  await redis.start();
  return redis;
}

/** Why: HAProxy in front of the replicas, checking each one's /health/readiness every 500 ms (one failure takes it out). */
export async function testHaproxy(backends: number[]): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = tempDir("ccp-lb-");
  const config = [
    "global", "  maxconn 1000",
    "defaults", "  mode http", "  timeout connect 2s", "  timeout client 120s", "  timeout server 120s",
    // A refused connection (a stopped replica) is retried on the other one; a request that reached a replica never is.
    "  retries 2", "  option redispatch", "  retry-on conn-failure",
    "frontend api", `  bind 127.0.0.1:${port}`, "  default_backend replicas",
    "backend replicas", "  balance roundrobin", "  option httpchk GET /health/readiness", "  http-check expect status 200",
    "  default-server inter 500 fall 1 rise 2",
    ...backends.map((backend, i) => `  server r${i} 127.0.0.1:${backend} check`),
    "",
  ].join("\n");
  writeFileSync(join(dir, "haproxy.cfg"), config);
  const child = execa("haproxy", ["-db", "-f", join(dir, "haproxy.cfg")], { reject: false, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  if ((await waitReady({ url: `${url}/health/liveliness` }, { deadlineMs: 10_000, isAlive: () => child.exitCode === null })) !== "ready") {
    throw new Error("haproxy did not come up");
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await child;
    },
  };
}
