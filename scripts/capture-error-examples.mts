// Captures one real error response per error type from a running proxy (mock upstreams, real
// LiteLLM, our hook) and writes docs/error-examples.md, which the README's "## Errors" links to.
// Run: npx tsx scripts/capture-error-examples.mts   (needs the managed LiteLLM venv: `ccproxy init`)
import { writeFileSync } from "node:fs";
import { refusingUrl } from "../src/mock-provider/server.js";
import { bootProxy, type ProxyUnderTest } from "../test/support/proxy-stack.js";

const OUT = new URL("../docs/error-examples.md", import.meta.url);
const hi = [{ role: "user", content: "hi" }];
const message = (extra: object = {}) => ({ model: "claude-sonnet-4-5", max_tokens: 50, messages: hi, ...extra });

interface Example {
  title: string;
  path: string;
  body: unknown;
  before?: (proxy: ProxyUnderTest) => void | Promise<void>;
}

const EXAMPLES: Example[] = [
  { title: "ValidationError (400): `messages` is not an array", path: "/v1/messages", body: message({ messages: "hi" }) },
  { title: "ValidationError (400), OpenAI route: malformed JSON", path: "/v1/chat/completions", body: "{bad" },
  { title: "ValidationError (413): body above proxy.max_body_bytes", path: "/v1/messages", body: message({ messages: [{ role: "user", content: "x".repeat(200_000) }] }) },
  { title: "UpstreamTimeout (504): the provider never answers", path: "/v1/messages", body: message(), before: (p) => p.anthropic.setFault({ kind: "hang" }) },
  { title: "UpstreamUnavailable (502): connection refused", path: "/v1/messages", body: message({ model: "claude-refused" }) },
  { title: "UpstreamError (429): provider rate limit, with retry-after", path: "/v1/messages", body: message(), before: (p) => p.anthropic.setFault({ kind: "status", status: 429, retryAfterSeconds: 20 }) },
  { title: "UpstreamError (529): provider overloaded", path: "/v1/messages", body: message(), before: (p) => p.anthropic.setFault({ kind: "status", status: 529 }) },
  { title: "UpstreamError (529), OpenAI route", path: "/v1/chat/completions", body: { model: "claude-sonnet-4-5", messages: hi }, before: (p) => p.anthropic.setFault({ kind: "status", status: 529 }) },
  { title: "UpstreamUnavailable after the stream began (200, final `event: error` frame): the provider cut the stream", path: "/v1/messages", body: message({ stream: true }), before: (p) => p.anthropic.setFault({ kind: "cut-stream", afterEvents: 5 }) },
  { title: "HookUnavailable (503): hook server down under fail_closed", path: "/v1/messages", body: message(), before: (p) => stopHookServer(p) },
];

async function stopHookServer(proxy: ProxyUnderTest): Promise<void> {
  proxy.stack.hook.kill("SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 500));
}

async function capture(proxy: ProxyUnderTest, example: Example): Promise<string> {
  proxy.anthropic.reset();
  await example.before?.(proxy);
  const response = await proxy.post(example.path, example.body);
  const text = await response.text();
  const shown = response.headers.get("content-type")?.includes("event-stream") ? lastFrames(text) : text;
  const retry = response.headers.get("retry-after");
  return [
    `### ${example.title}`,
    "",
    "```http",
    `POST ${example.path}`,
    `HTTP/1.1 ${response.status}${retry ? `\nretry-after: ${retry}` : ""}`,
    "",
    shown.trim(),
    "```",
    "",
  ].join("\n");
}

/** A stream is shown by its first and last frames: it began, then ended with the error. */
function lastFrames(text: string): string {
  const frames = text.split("\n\n").filter((f) => f.trim() !== "");
  return [frames[0], "…", frames.at(-1)].join("\n\n");
}

const refused = await refusingUrl();
const proxy = await bootProxy((doc) => {
  Object.assign(doc.proxy, { request_timeout_s: 3, max_body_bytes: 100_000 });
  doc.hook.on_failure = "fail_closed";
  doc.targets.refused = { model: "anthropic/claude-refused", api_base: refused, api_key: "os.environ/MOCK_KEY" };
  doc.rules.unshift({ name: "refused", kind: "model", contains: "refused", to: "refused" });
}, { chunkDelayMs: 20 });
try {
  const sections: string[] = [];
  for (const example of EXAMPLES) sections.push(await capture(proxy, example));
  const header = [
    "# Error examples",
    "",
    "Captured from a running proxy (mock upstreams, LiteLLM 1.108.7, the ccproxy hook) by",
    "`npx tsx scripts/capture-error-examples.mts`. Do not edit by hand: rerun the script.",
    "",
  ].join("\n");
  writeFileSync(OUT, `${header}\n${sections.join("\n")}`);
  console.log(`wrote ${OUT.pathname}`);
} finally {
  await proxy.close();
}
