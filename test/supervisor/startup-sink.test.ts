// The foreground start-up: children's chatter held back until ready (replayed when the start-up fails), the
// supervisor's lines shown as they come, ccproxy's own health probes never shown.
import { describe, expect, it } from "vitest";
import { progressLine } from "../../src/process/progress.js";
import { OWN_HEALTH_PROBE, type OutputSink } from "../../src/supervisor/sinks.js";
import { startupSink } from "../../src/supervisor/startup-sink.js";

function recorder() {
  const lines: string[] = [];
  const inner: OutputSink = { child: (name, stream, line) => lines.push(`${name}/${stream}: ${line}`), supervisor: (line) => lines.push(`ccproxy: ${line}`), close: () => {} };
  const progress: string[] = [];
  const sink = startupSink(inner, progressLine({ label: "ccproxy", out: { isTTY: false, write: (t: string) => progress.push(t) }, now: () => 0 }));
  return { lines, progress, sink };
}

const PROBE = 'INFO:     127.0.0.1:33934 - "GET /health/liveliness HTTP/1.1" 200 OK';

describe("startupSink", () => {
  it("shows one progress line and the supervisor's lines during start-up; children's lines only after ready", () => {
    const { lines, progress, sink } = recorder();
    sink.supervisor("hook ready in 0.3 s");
    sink.child("litellm", "stdout", "   ██╗     ██╗████████╗");
    sink.child("litellm", "stderr", "INFO:     Application startup complete.");
    sink.ready();
    sink.child("litellm", "stderr", "INFO:     POST /v1/messages 200");
    sink.child("litellm", "stderr", PROBE);
    sink.ready(); // idempotent
    expect(progress).toEqual(["ccproxy: starting the hook server, then LiteLLM · 0 s\n"]);
    expect(lines).toEqual(["ccproxy: hook ready in 0.3 s", "litellm/stderr: INFO:     POST /v1/messages 200"]);
  });

  it("a failed start-up replays the held lines in order (the error's hint points at them)", () => {
    const { lines, sink } = recorder();
    sink.child("litellm", "stdout", "loading config");
    sink.child("litellm", "stderr", "Traceback (most recent call last):");
    sink.supervisor("litellm exited during start-up");
    sink.failed();
    sink.failed();
    expect(lines).toEqual(["ccproxy: litellm exited during start-up", "litellm/stdout: loading config", "litellm/stderr: Traceback (most recent call last):"]);
  });

  it("recognises the supervisor's own successful probes only", () => {
    expect(OWN_HEALTH_PROBE.test(PROBE)).toBe(true);
    expect(OWN_HEALTH_PROBE.test('INFO:     127.0.0.1:1 - "GET /health/readiness HTTP/1.1" 200 OK')).toBe(true);
    expect(OWN_HEALTH_PROBE.test('INFO:     127.0.0.1:1 - "GET /health/readiness HTTP/1.1" 503 Service Unavailable')).toBe(false);
    expect(OWN_HEALTH_PROBE.test('INFO:     127.0.0.1:1 - "POST /v1/messages HTTP/1.1" 200 OK')).toBe(false);
  });
});
