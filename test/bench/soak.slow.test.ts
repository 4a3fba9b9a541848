// The soak's short form (bench/soak.mjs): a minute of Claude Code traffic through `ccproxy start` while the hook
// server and LiteLLM are each killed with SIGKILL. Only requests in flight at LiteLLM's kill may be lost; while the
// hook server is down requests are still served (fail_open); every child serves again.
import { execa } from "execa";
import { expect, it } from "vitest";

it("survives a SIGKILL of each child: nothing lost but what was in flight in LiteLLM, both back", async () => {
  const run = await execa(process.execPath, ["bench/soak.mjs", "--seconds", "40", "--rate", "3", "--kill-hook-at", "8", "--kill-litellm-at", "20", "--json"], {
    cwd: new URL("../..", import.meta.url).pathname,
    reject: false,
    timeout: 400_000,
  });
  expect(run.exitCode, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout);
  console.log(JSON.stringify({ sent: report.sent, outcomes: report.outcomes, kills: report.kills, rss: [report.rss_mb.start, report.rss_mb.end] }));
  expect(report.failed_outside_kills, JSON.stringify(report.failed_outside_kills_outcomes)).toBe(0);
  const [hook, litellm] = [report.kills.find((k: any) => k.child === "hook"), report.kills.find((k: any) => k.child === "litellm")];
  expect(hook.lost).toBe(0); // LiteLLM answers without it: fail_open
  expect(Object.keys(hook.outage_outcomes).filter((o) => o !== "ok")).toEqual([]);
  expect(litellm.lost).toBeLessThanOrEqual(litellm.in_flight);
  for (const kill of report.kills) {
    expect(kill.back_s, kill.supervisor_says).not.toBeNull();
    expect(kill.first_ok_request_s).not.toBeNull();
  }
  expect(report.restarts.hook.restarts).toBe(1);
  expect(report.restarts.litellm.restarts).toBe(1);
}, 420_000);
