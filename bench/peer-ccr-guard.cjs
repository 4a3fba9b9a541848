// Preloaded into claude-code-router by bench/peer.mjs (node --require). ccr 1.0.73's uncaughtException handler calls
// `server.logger.error`, which does not exist, so the first uncaught exception (a client that closes a stream early,
// as the bench's driver does at the end of a round) kills the server. This keeps the handler's intent, log and go on:
// each such listener runs inside a try/catch, and the exception is printed to stderr once per kind.
"use strict";
const seen = new Set();
const on = process.on.bind(process);
process.on = (event, listener) => {
  if (event !== "uncaughtException") return on(event, listener);
  return on(event, (error, origin) => {
    const kind = `${error && error.code}: ${error && error.message}`.slice(0, 200);
    if (!seen.has(kind)) process.stderr.write(`ccr uncaught exception (kept running): ${kind}\n`), seen.add(kind);
    try {
      listener(error, origin);
    } catch {
      // ccr's own handler failed (no logger); the exception is reported above
    }
  });
};
