// The usage files: appends per UTC day, torn lines skipped with a warning, retention by age and by size.
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { describeSkipped, readUsage } from "../../src/usage/reader.js";
import { UsageWriter } from "../../src/usage/writer.js";
import { record } from "./fixtures.js";
import { tempDir } from "../support/temp-dir.js";

let dir: string;
beforeEach(() => {
  dir = join(tempDir("ccp-usage-"), "usage");
});

const EPOCH = new Date(0);

describe("UsageWriter and readUsage", () => {
  it("appends one JSON line per record to its UTC day's file, private to the user", async () => {
    const writer = new UsageWriter(dir);
    await writer.append([record({ ts: "2026-11-29T23:59:59.999Z" }), record({ ts: "2026-11-30T00:00:00.000Z" })]);
    await writer.append([record({ ts: "2026-11-30T08:00:00.000Z" })]);
    expect(readdirSync(dir).sort()).toEqual(["usage-2026-11-29.jsonl", "usage-2026-11-30.jsonl"]);
    expect(readFileSync(join(dir, "usage-2026-11-30.jsonl"), "utf8").split("\n")).toHaveLength(3); // two lines + the final newline
    expect(statSync(join(dir, "usage-2026-11-30.jsonl")).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const { records, skipped } = readUsage(dir, EPOCH);
    expect(records.map((r) => r.ts)).toEqual(["2026-11-29T23:59:59.999Z", "2026-11-30T00:00:00.000Z", "2026-11-30T08:00:00.000Z"]);
    expect(skipped).toEqual([]);
  });

  it("reads only the window asked for", async () => {
    await new UsageWriter(dir).append([record({ ts: "2026-11-01T10:00:00.000Z" }), record({ ts: "2026-11-30T10:00:00.000Z" }), record({ ts: "2026-11-30T11:00:00.000Z" })]);
    expect(readUsage(dir, new Date("2026-11-30T10:30:00Z")).records.map((r) => r.ts)).toEqual(["2026-11-30T11:00:00.000Z"]);
    expect(readUsage(dir, EPOCH, new Date("2026-11-15T00:00:00Z")).records).toHaveLength(1);
  });

  it("skips a truncated last line and a corrupt one with a warning naming them, and appends after them on a fresh line", async () => {
    const writer = new UsageWriter(dir);
    await writer.append([record({ id: "first" })]);
    const path = join(dir, "usage-2026-11-30.jsonl");
    appendFileSync(path, "{this is not json}\n");
    appendFileSync(path, JSON.stringify(record({ id: "torn" })).slice(0, 50)); // a crash mid-write: no newline
    expect(readUsage(dir, EPOCH).skipped).toEqual([
      { file: "usage-2026-11-30.jsonl", line: 2, problem: "not valid JSON" },
      { file: "usage-2026-11-30.jsonl", line: 3, problem: "truncated record (no newline; cut short while being written?)" },
    ]);
    await new UsageWriter(dir).append([record({ id: "after" })]); // a new process: it checks the file's last byte
    const { records, skipped } = readUsage(dir, EPOCH);
    expect(records.map((r) => r.id)).toEqual(["first", "after"]);
    expect(skipped.map((s) => [s.line, s.problem])).toEqual([[2, "not valid JSON"], [3, "not valid JSON"]]);
    expect(describeSkipped(skipped)).toBe(
      "warning: skipped 2 unreadable usage records (usage-2026-11-30.jsonl line 2: not valid JSON; usage-2026-11-30.jsonl line 3: not valid JSON)",
    );
  });

  it("skips a valid JSON line that is not a usage record, saying what is wrong with it", () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "usage-2026-11-30.jsonl"), `${JSON.stringify({ ...record(), in: "many" })}\n${JSON.stringify(record({ id: "ok" }))}\n`);
    const { records, skipped } = readUsage(dir, EPOCH);
    expect(records.map((r) => r.id)).toEqual(["ok"]);
    expect(skipped).toEqual([{ file: "usage-2026-11-30.jsonl", line: 1, problem: 'in: expected a non-negative integer, got "many"' }]);
  });

  it("ignores files that are not day files, and a missing directory", () => {
    expect(readUsage(dir, EPOCH)).toEqual({ records: [], skipped: [] });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "notes.txt"), "hello");
    expect(readUsage(dir, EPOCH)).toEqual({ records: [], skipped: [] });
  });

  it("prunes day files past the retention, then the oldest past the size cap, never today's", async () => {
    const now = new Date("2026-11-30T12:00:00.000Z");
    const writer = new UsageWriter(dir, () => now);
    const days = ["2026-08-01", "2026-11-01", "2026-11-28", "2026-11-29", "2026-11-30"];
    await writer.append(days.map((day) => record({ ts: `${day}T10:00:00.000Z` })));
    const size = statSync(join(dir, "usage-2026-11-30.jsonl")).size;
    expect(await writer.prune({ days: 90, maxBytes: 1e9 })).toEqual([join(dir, "usage-2026-08-01.jsonl")]);
    expect(await writer.prune({ days: 90, maxBytes: size * 2 })).toEqual([join(dir, "usage-2026-11-01.jsonl"), join(dir, "usage-2026-11-28.jsonl")]);
    expect(await writer.prune({ days: 1, maxBytes: 1 })).toEqual([join(dir, "usage-2026-11-29.jsonl")]);
    expect(readdirSync(dir)).toEqual(["usage-2026-11-30.jsonl"]);
    await writer.append([record({ ts: "2026-11-30T11:00:00.000Z" })]);
    expect(readUsage(dir, EPOCH).records).toHaveLength(2);
  });

  it("keeps its file open between batches, and reopens a file deleted or replaced under it", async () => {
    const writer = new UsageWriter(dir);
    await writer.append([record({ id: "one" })]);
    await writer.append([record({ id: "two" })]);
    const path = join(dir, "usage-2026-11-30.jsonl");
    rmSync(path);
    await writer.append([record({ id: "three" })]);
    rmSync(path);
    writeFileSync(path, `${JSON.stringify(record({ id: "by hand" })).slice(0, 30)}`); // replaced, with a torn line
    await writer.append([record({ id: "four" })]);
    await writer.close();
    const { records, skipped } = readUsage(dir, EPOCH);
    expect(records.map((r) => r.id)).toEqual(["four"]);
    expect(skipped).toHaveLength(1);
  });

  it("rejects an append it could not write, and keeps working afterwards", async () => {
    mkdirSync(join(dir, ".."), { recursive: true });
    writeFileSync(dir, "a file where the directory should be");
    const writer = new UsageWriter(dir);
    await expect(writer.append([record()])).rejects.toThrow();
    rmSync(dir);
    await writer.append([record({ id: "later" })]);
    expect(existsSync(join(dir, "usage-2026-11-30.jsonl"))).toBe(true);
  });
});
