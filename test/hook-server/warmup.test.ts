// The start-up JIT warm-up: realistic bodies, sent from a child process, never counted in /v1/stats.
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { Agent, request } from "undici";
import { summarize } from "../../src/routing/summary.js";
import { sampleCallTypes, samples, type SampleName } from "../../src/samples/index.js";
import { createHookServer, type HookServer } from "../../src/hook-server/server.js";
import { startWarmup } from "../../src/hook-server/warmup.js";
import { WARMUP_SUMMARIES } from "../../src/hook-server/warmup-summaries.js";
import { tempDir } from "../support/temp-dir.js";

const DECISION = { label: "default", model: "m", alias: "a", rule: null, reason: "no rule matched" };
let server: HookServer | undefined;

afterEach(async () => {
  await server?.close();
});

it("embeds the summaries the samples produce today", () => {
  for (const [name, json] of Object.entries(WARMUP_SUMMARIES)) {
    expect(JSON.parse(json), name).toEqual(summarize(samples[name as SampleName](), sampleCallTypes[name as SampleName]));
  }
});

it("routes every warm-up request through the server without counting it, then exits", async () => {
  const dir = tempDir("hook-warmup-");
  let routed = 0;
  server = createHookServer({ route: () => (routed++, DECISION), health: () => ({}) });
  const address = await server.listen({ socket: join(dir, "hook.sock") });
  await startWarmup(address, 1_200).done; // crosses two connections of 500
  expect(routed).toBe(1_200);
  const agent = new Agent({ connect: { socketPath: join(dir, "hook.sock") } });
  const res = await request("http://hook/v1/stats", { dispatcher: agent });
  const stats = (await res.body.json()) as { decisions: { by_label: object }; errors: object; decide_us: { count: number } };
  await agent.close();
  expect(stats).toMatchObject({ decisions: { by_label: {} }, errors: {}, decide_us: { count: 0 } });
});

it("ends at once, without throwing, when nothing listens", async () => {
  const dir = tempDir("hook-warmup-");
  const started = Date.now();
  await expect(startWarmup({ socket: join(dir, "none.sock") }, 10).done).resolves.toBeUndefined();
  expect(Date.now() - started).toBeLessThan(5_000); // its own deadline is 20 s: the connect error ended it
});

it("carries the hook secret when the server needs one (from its environment, not its argv)", async () => {
  const dir = tempDir("hook-warmup-");
  let routed = 0;
  const secret = "f".repeat(64);
  server = createHookServer({ route: () => (routed++, DECISION), health: () => ({}), secret });
  const address = await server.listen({ socket: join(dir, "hook.sock") });
  await startWarmup(address, 600, secret).done;
  expect(routed).toBe(600);
  await startWarmup(address, 50).done; // without it: the first answer is a 401 and the child stops
  expect(routed).toBe(600);
});
