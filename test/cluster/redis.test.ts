// The cluster Redis's URL (an env reference, resolved where it is used) and start's reachability check.
import { describe, expect, it } from "vitest";
import { describeRedis, redisProblem, redisUrlOf } from "../../src/cluster/redis.js";
import { freePort } from "../../src/process/free-port.js";

describe("cluster Redis", () => {
  it("resolves os.environ/VAR, and names the variable when it is unset or not a Redis URL", () => {
    expect(redisUrlOf("os.environ/R", { R: "redis://:pw@r:6379/1" })).toBe("redis://:pw@r:6379/1");
    expect(() => redisUrlOf("os.environ/R", {})).toThrow("cluster.redis_url names $R, which is not set here");
    expect(() => redisUrlOf("os.environ/R", { R: "r:6379" })).toThrow("$R must be a redis:// or rediss:// URL");
  });

  it("never shows a password", () => {
    expect(describeRedis("redis://:s3cret@r:6379/0")).toBe("redis://***@r:6379/0");
    expect(describeRedis("rediss://user:s3cret@r:6380")).toBe("rediss://***@r:6380");
    expect(describeRedis("redis://r:6379")).toBe("redis://r:6379");
  });

  it("reports a Redis that refuses connections (start warns and starts anyway)", async () => {
    const port = await freePort(); // nothing listens there
    expect(await redisProblem(`redis://127.0.0.1:${port}/0`)).toMatch(/ECONNREFUSED|Connection is closed/);
  });
});
