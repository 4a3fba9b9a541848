// Boots a real proxy for integration tests: mock upstreams, a temp config dir, our hook server and LiteLLM.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { syncConfigDir } from "../../src/init/sync.js";
import { locateLitellm } from "../../src/litellm/locate.js";
import { createMockProvider, type MockProvider, type MockProviderOptions } from "../../src/mock-provider/server.js";
import { configFiles, templatesDir } from "../../src/paths.js";
import { freePort } from "../../src/process/free-port.js";
import { waitGone } from "../../src/process/pid.js";
import { DEFAULT_POLICY } from "../../src/supervisor/backoff.js";
import { discardSink } from "../../src/supervisor/sinks.js";
import type { Probe } from "../../src/process/ready.js";
import { createStack, stackInputs, type Stack } from "../../src/supervisor/stack.js";
import { tempDir } from "./temp-dir.js";

/** Why: the key LiteLLM sends upstream; tests assert it arrived, so it must be known. */
export const MOCK_KEY = "sk-mock-upstream-key";

/** Why: the supervisor restarts a crashed child after a backoff; a child a test kills on purpose must stay down. Restarts
 * are tested through `ccproxy start` itself (test/supervisor). */
const KILLED_STAYS_DOWN = { ...DEFAULT_POLICY, baseMs: 3_600_000, maxMs: 3_600_000 };

/** Why: tests talk to the proxy and inspect both upstreams. */
export interface ProxyUnderTest {
  /** The running stack; its hook probe is always set (a test stack has the hook server). */
  stack: Stack & { readonly hookProbe: Probe };
  dir: string;
  anthropic: MockProvider;
  openai: MockProvider;
  /** POST a body to the proxy with the master key: objects as JSON, strings and Buffers as they are. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Kills the hook server (SIGKILL) and resolves once it is gone; it stays down for the rest of the suite. */
  killHook(): Promise<void>;
  /** Rewrites ccproxy.yaml (the hook server hot-reloads it). */
  editRouting(edit: (doc: Record<string, any>) => void): void;
  close(): Promise<void>;
}

/** Why: the shipped template, its targets pointed at the mocks; `tweak` adjusts it per suite. */
export function testRoutingYaml(anthropicUrl: string, openaiUrl: string, tweak?: (doc: Record<string, any>) => void): string {
  const doc = parse(readFileSync(join(templatesDir, "ccproxy.yaml"), "utf8")) as Record<string, any>;
  const anthropic = (model: string) => ({ model, api_base: anthropicUrl, api_key: "os.environ/MOCK_KEY" });
  doc.targets = {
    default: anthropic("anthropic/claude-sonnet-4-5"),
    background: anthropic("anthropic/claude-haiku-4-5"),
    long_context: anthropic("anthropic/claude-sonnet-4-5-long"),
    web_search: anthropic("anthropic/claude-sonnet-4-5-search"),
    think: { model: "openai/gpt-think", api_base: `${openaiUrl}/v1`, api_key: "os.environ/MOCK_KEY" },
    embed: { model: "openai/text-embedding-3-small", api_base: `${openaiUrl}/v1`, api_key: "os.environ/MOCK_KEY" },
  };
  doc.rules = [...(doc.rules ?? []), { name: "embeddings", kind: "model", contains: "embedding", to: "embed" }];
  tweak?.(doc);
  return stringify(doc);
}

/** Why: one call gives a suite a running proxy wired to fresh mocks; close() leaves nothing behind. */
export async function bootProxy(
  tweak?: (doc: Record<string, any>) => void,
  mockOptions: MockProviderOptions = {},
  shellEnv: (proxyUrl: string) => NodeJS.ProcessEnv = () => ({}),
  stackOptions: { workers?: number; readyDeadlineMs?: number } = {},
): Promise<ProxyUnderTest> {
  const anthropic = await createMockProvider(mockOptions);
  const openai = await createMockProvider(mockOptions);
  const dir = tempDir("ccp-it-");
  const routing = configFiles(dir).routing;
  writeFileSync(routing, testRoutingYaml(anthropic.url, openai.url, tweak), { mode: 0o600 });
  await syncConfigDir(dir);
  const litellm = locateLitellm(dir);
  if (!litellm) throw new Error("managed LiteLLM venv missing: run `node bin/ccproxy init` (or .ci/run) first");
  const port = await freePort();
  const inputs = await stackInputs(dir);
  const stack = createStack({
    configDir: dir,
    litellm: litellm.litellm,
    host: "127.0.0.1",
    port,
    workers: stackOptions.workers,
    readyDeadlineMs: stackOptions.readyDeadlineMs,
    env: { ...process.env, MOCK_KEY, ...shellEnv(`http://127.0.0.1:${port}`) },
    ...inputs,
    sink: discardSink,
    policy: KILLED_STAYS_DOWN,
  });
  await stack.start();
  return {
    stack: { ...stack, hookProbe: inputs.hookProbe },
    dir,
    anthropic,
    openai,
    post: (path, body, headers = {}) =>
      fetch(`${stack.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${stack.masterKey}`, ...headers },
        body: typeof body === "string" || Buffer.isBuffer(body) ? (body as string | Uint8Array<ArrayBuffer>) : JSON.stringify(body),
      }),
    async killHook() {
      const pid = stack.pids().hook!;
      process.kill(pid, "SIGKILL");
      if (!(await waitGone(pid, 10_000))) throw new Error(`the hook server (pid ${pid}) survived SIGKILL`);
    },
    editRouting(edit) {
      const doc = parse(readFileSync(routing, "utf8")) as Record<string, any>;
      edit(doc);
      writeFileSync(routing, stringify(doc));
    },
    async close() {
      await stack.stop(5_000);
      await Promise.all([anthropic.close(), openai.close()]);
    },
  };
}
