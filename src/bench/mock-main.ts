// The bench's upstream as its own process (its CPU is not the proxy's):
//   node dist/bench/mock-main.js --port N --latency-ms M --chunk-delay-ms D
// Unlike src/mock-provider/main.ts it forgets recorded requests every second, so memory stays flat under load.
import { parseArgs } from "node:util";
import { createMockProvider } from "../mock-provider/server.js";

const { values } = parseArgs({
  options: { port: { type: "string", default: "0" }, "latency-ms": { type: "string", default: "0" }, "chunk-delay-ms": { type: "string", default: "0" } },
});
const mock = await createMockProvider({ port: Number(values.port), latencyMs: Number(values["latency-ms"]), chunkDelayMs: Number(values["chunk-delay-ms"]) });
setInterval(() => mock.reset(), 1_000).unref();
console.log(`mock provider listening on ${mock.url}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void mock.close().then(() => process.exit(0)));
