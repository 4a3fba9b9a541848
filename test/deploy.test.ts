// deploy/: what can be checked without Docker (its images cannot be pulled or built here). The config loads as every
// replica loads it, the compose file has two replicas, Redis and a load balancer, and the image runs `ccproxy start`
// as a non-root user with the config read-only. HAProxy's own check of haproxy.cfg runs in test/integration/cluster.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../src/config/load.js";
import { renderLitellmConfig } from "../src/litellm/render-config.js";

const deploy = join(import.meta.dirname, "../deploy");
const read = (name: string) => readFileSync(join(deploy, name), "utf8");

describe("deploy/", () => {
  it("ccproxy.yaml loads and names the cluster Redis through the environment", async () => {
    const loaded = await loadConfig(join(deploy, "ccproxy.yaml"));
    expect(loaded.config.cluster).toMatchObject({ redis_url: "os.environ/CCPROXY_REDIS_URL", drain_s: 5 });
    expect(loaded.config.proxy.master_key).toBe("os.environ/CCPROXY_MASTER_KEY");
    expect(parse(renderLitellmConfig(loaded)).router_settings.redis_url).toBe("os.environ/CCPROXY_REDIS_URL");
  });

  it("compose.yaml runs two replicas of one image, Redis and HAProxy; each replica mounts ccproxy.yaml read-only", () => {
    const compose = parse(read("compose.yaml"), { merge: true }); // the replicas share an x-replica anchor
    expect(Object.keys(compose.services).sort()).toEqual(["lb", "redis", "replica-a", "replica-b"]);
    for (const name of ["replica-a", "replica-b"]) {
      const replica = compose.services[name];
      expect(replica.image).toBe("ccproxy-router:local");
      expect(replica.volumes).toContain("./ccproxy.yaml:/home/ccproxy/.ccproxy/ccproxy.yaml:ro");
      expect(replica.environment.CCPROXY_REDIS_URL).toBe("redis://redis:6379/0");
      expect(parseInt(replica.stop_grace_period, 10)).toBeGreaterThan(5 + 30); // drain_s + --grace
    }
    expect(compose.services.lb.volumes).toContain("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
  });

  it("the image bakes in the pinned LiteLLM, runs as a non-root user, and starts a replica off loopback with --allow-remote", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^RUN node \/app\/bin\/ccproxy init /m); // pip --require-hashes from templates/requirements-litellm.txt
    expect(dockerfile).toMatch(/^USER ccproxy$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "\/app\/bin\/ccproxy", "start", "--host", "0\.0\.0\.0", "--allow-remote", "--grace", "30"\]$/m);
    expect(dockerfile.indexOf("USER ccproxy")).toBeLessThan(dockerfile.indexOf("ENTRYPOINT"));
  });

  it("haproxy.cfg sends requests only to replicas whose /health/readiness answers 200", () => {
    const cfg = read("haproxy.cfg");
    expect(cfg).toMatch(/option httpchk GET \/health\/readiness/);
    expect(cfg).toMatch(/http-check expect status 200/);
    expect(cfg.match(/^\s+server replica-[ab] replica-[ab]:4000 check$/gm)).toHaveLength(2);
  });
});
