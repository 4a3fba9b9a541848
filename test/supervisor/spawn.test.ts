// LiteLLM's command line as `start` builds it: `start --verbose` passes LiteLLM's detailed debug log through.
import { describe, expect, it } from "vitest";
import { litellmArgs } from "../../src/supervisor/spawn.js";

describe("litellmArgs", () => {
  const base = { config: "/c/config.yaml", host: "127.0.0.1", port: 4000 };

  it("runs LiteLLM with its --detailed_debug log only with --verbose", () => {
    expect(litellmArgs(base)).toEqual(["--config", "/c/config.yaml", "--host", "127.0.0.1", "--port", "4000"]);
    expect(litellmArgs({ ...base, verbose: true })).toEqual([...litellmArgs(base), "--detailed_debug"]);
  });

  it("gives several workers a health-check limit longer than LiteLLM's start-up", () => {
    expect(litellmArgs({ ...base, workers: 2 })).toEqual([...litellmArgs(base), "--num_workers", "2", "--timeout_worker_healthcheck", "120"]);
    expect(litellmArgs({ ...base, workers: 1 })).toEqual(litellmArgs(base));
  });
});
