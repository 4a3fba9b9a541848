// Naming a port's holder without /proc: lsof's field output.
import { describe, expect, it } from "vitest";
import { parseLsof } from "../../src/process/port-holder.js";

describe("port holder", () => {
  it("parses lsof's field output (p<pid>, c<command>)", () => {
    expect(parseLsof("p4242\ncnode\nf23\n")).toEqual({ pid: 4242, command: "node" });
    expect(parseLsof("")).toBeUndefined();
  });
});
