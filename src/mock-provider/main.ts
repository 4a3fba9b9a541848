// Standalone mock provider for `ccproxy bench` and humans:
//   node dist/mock-provider/main.js --port N [--latency-ms M] [--chunk-delay-ms M] [--chunks K]
import { parseArgs } from "node:util";
import { createMockProvider } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    "latency-ms": { type: "string", default: "0" },
    "chunk-delay-ms": { type: "string", default: "0" },
    chunks: { type: "string", default: "4" },
  },
});

const mock = await createMockProvider({
  port: Number(values.port),
  latencyMs: Number(values["latency-ms"]),
  chunkDelayMs: Number(values["chunk-delay-ms"]),
  chunks: Number(values.chunks),
});
console.log(`mock provider listening on ${mock.url}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void mock.close().then(() => process.exit(0));
  });
}
