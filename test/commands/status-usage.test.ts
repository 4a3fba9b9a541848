// `ccproxy status`: the per-label usage lines from the hook server's /v1/stats.
import { describe, expect, it } from "vitest";
import { usageLines } from "../../src/commands/status.js";
import type { UsageTotals } from "../../src/usage/aggregate.js";

const totals = (requests: number, errors: number, cost: number | null, unpriced = 0, p50: number | null = 850): UsageTotals => ({
  requests,
  errors,
  tokens: { in: 19_362 * requests, out: 150 * requests, cache_read: 9_342 * requests, cache_write: 0 },
  cost_usd: cost,
  unpriced_requests: unpriced,
  latency_ms: { p50 },
});

describe("status usage lines", () => {
  it("one row per label (requests, errors, tokens in/out, cost, p50) and a total", () => {
    const lines = usageLines({
      record: true,
      dir: "/x/usage",
      since: "2026-11-30T10:00:00.000Z",
      by_label: { think: totals(2, 0, null, 2, 4100), default: totals(10, 1, 0.6543) },
      total: totals(12, 1, 0.6543, 2, 900),
    });
    expect(lines[0]).toMatch(/^ {2}usage since .* \(`ccproxy usage` for history\):$/);
    expect(lines[1]).toMatch(/^ {4}label +requests +errors +tokens in +out +cache read \/ write +cost +p50 latency$/);
    expect(lines[2]).toMatch(/^ {4}default +10 +1 +193\.6k +1\.50k +93\.4k \/ 0 +\$0\.6543 +850 ms$/);
    expect(lines[3]).toMatch(/^ {4}think +2 +0 +38\.7k +300 +18\.7k \/ 0 +unknown +4\.1 s$/);
    expect(lines[4]).toMatch(/^ {4}total +12 +1 +232\.3k +1\.80k +112\.1k \/ 0 +\$0\.6543 \+2 unpriced +900 ms$/);
  });

  it("says when nothing was served yet, when recording is off, and nothing for an older hook server", () => {
    const empty = { record: true, dir: "/x", since: "2026-11-30T10:00:00.000Z", by_label: {}, total: totals(0, 0, null, 0, null) };
    expect(usageLines(empty)).toEqual([expect.stringMatching(/^ {2}usage since .*: no requests served yet$/)]);
    expect(usageLines({ ...empty, record: false })).toEqual(["  usage recording is off (usage.record: false in ccproxy.yaml)"]);
    expect(usageLines(undefined)).toEqual([]);
  });
});
