// A foreground `start` without --verbose: one progress line while the hook server and LiteLLM start, instead of
// their start-up chatter (LiteLLM's banner, feedback box, model list); the supervisor's own lines still show. Every
// line is shown from the moment both answer, and a failed start-up replays what was held back, so the error's
// "lines above" are there.
import type { Progress } from "../process/progress.js";
import { OWN_HEALTH_PROBE, type OutputSink } from "./sinks.js";

/** Why: the console sink plus the two moments it needs to know: ready (show lines from now on) and failed (replay). */
export interface StartupSink extends OutputSink {
  ready(): void;
  failed(): void;
}

type Held = { name: string; stream: "stdout" | "stderr"; line: string };

/** Why: wraps the foreground console sink; `maxHeld` bounds what a long or looping start-up keeps for a replay. */
export function startupSink(inner: OutputSink, progress: Progress, maxHeld = 500): StartupSink {
  let started = false;
  const held: Held[] = [];
  const hold = (entry: Held) => {
    held.push(entry);
    if (held.length > maxHeld) held.shift();
  };
  progress.update("starting the hook server, then LiteLLM");
  const finish = (replay: boolean) => {
    if (started) return;
    started = true;
    progress.stop();
    for (const entry of held.splice(0)) if (replay) inner.child(entry.name, entry.stream, entry.line);
  };
  return {
    child(name, stream, line) {
      if (OWN_HEALTH_PROBE.test(line)) return;
      if (started) inner.child(name, stream, line);
      else hold({ name, stream, line });
    },
    supervisor(line) {
      if (started) inner.supervisor(line);
      else progress.around(() => inner.supervisor(line));
    },
    close: () => inner.close(),
    ready: () => finish(false),
    failed: () => finish(true),
  };
}
