// The progress line: redrawn in place on a terminal, throttled plain lines elsewhere, child lines only with --verbose.
import { describe, expect, it } from "vitest";
import { formatElapsed, progressLine } from "../../src/process/progress.js";

function fakeOut(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, out: { isTTY, write: (text: string) => writes.push(text) } };
}

describe("progressLine", () => {
  it("plain (not a terminal): a line per phase, and within a phase one line per 10 s at most", () => {
    const { writes, out } = fakeOut(false);
    let now = 0;
    const p = progressLine({ label: "installing litellm", out, now: () => now });
    p.update("downloading packages 1/117");
    now = 3_000;
    p.update("downloading packages 2/117"); // same phase, 3 s later: skipped
    now = 11_000;
    p.update("downloading packages 40/117");
    now = 12_000;
    p.update("installing 117 packages"); // new phase: printed at once
    p.log("Collecting aiohttp==3.14.5"); // not verbose: not shown
    p.stop("done");
    expect(writes).toEqual([
      "installing litellm: downloading packages 1/117 · 0 s\n",
      "installing litellm: downloading packages 40/117 · 11 s\n",
      "installing litellm: installing 117 packages · 12 s\n",
      "done\n",
    ]);
  });

  it("terminal: one line redrawn in place (carriage return + erase), cleared on stop; --verbose lines go above it", () => {
    const { writes, out } = fakeOut(true);
    const p = progressLine({ label: "x", out, verbose: true, now: () => 0 });
    p.update("a");
    p.log("child line");
    p.stop();
    expect(writes).toEqual(["\r\x1b[2K⠋ x: a · 0 s", "\r\x1b[2Kchild line\n", "\r\x1b[2K⠙ x: a · 0 s", "\r\x1b[2K"]);
    expect(writes.join("")).not.toContain("\n⠋");
  });

  it("terminal: a line is cut to the terminal's width (a wrapped line could not be redrawn in place)", () => {
    const writes: string[] = [];
    const p = progressLine({ label: "installing litellm", out: { isTTY: true, columns: 20, write: (t: string) => writes.push(t) }, now: () => 0 });
    p.update("downloading packages 12/117");
    p.stop();
    expect(writes[0]).toBe("\r\x1b[2K⠋ installing litel…");
    expect(writes[0]!.length - "\r\x1b[2K".length).toBeLessThan(20);
  });

  it("note: shown without --verbose (where the full output goes), hidden by --quiet", () => {
    const plain = fakeOut(false);
    progressLine({ label: "x", out: plain.out }).note("full installer output: /tmp/log");
    expect(plain.writes).toEqual(["full installer output: /tmp/log\n"]);
    const quiet = fakeOut(false);
    progressLine({ label: "x", out: quiet.out, quiet: true }).note("full installer output: /tmp/log");
    expect(quiet.writes).toEqual([]);
  });

  it("--quiet prints nothing but the final line", () => {
    const { writes, out } = fakeOut(true);
    const p = progressLine({ label: "x", out, quiet: true });
    p.update("a");
    p.log("b");
    p.stop("final");
    expect(writes).toEqual(["final\n"]);
  });

  it.each([
    [0, "0 s"],
    [59_999, "59 s"],
    [65_000, "1 m 05 s"],
  ])("formatElapsed(%i) is %s", (ms, text) => expect(formatElapsed(ms)).toBe(text));
});
