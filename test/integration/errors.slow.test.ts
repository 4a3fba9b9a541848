// Every error in one shape, end to end: bad input, upstream faults and broken streams against the
// real LiteLLM proxy with our hook (README "## Errors"). One proxy serves the whole file.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { refusingUrl } from "../../src/mock-provider/server.js";
import { bootProxy, MOCK_KEY, type ProxyUnderTest } from "../support/proxy-stack.js";
import { rawRequest } from "../support/raw-http.js";
import { parseSse } from "../support/sse.js";

const REQUEST_TIMEOUT_S = 3;
const BODY_TIMEOUT_S = 2;
const MAX_BODY_BYTES = 100_000;

let proxy: ProxyUnderTest;
beforeAll(async () => {
  const refused = await refusingUrl();
  proxy = await bootProxy(
    (doc) => {
      Object.assign(doc.proxy, { request_timeout_s: REQUEST_TIMEOUT_S, body_timeout_s: BODY_TIMEOUT_S, max_body_bytes: MAX_BODY_BYTES });
      doc.targets.refused = { model: "anthropic/claude-refused", api_base: refused, api_key: "os.environ/MOCK_KEY" };
      doc.rules.unshift({ name: "refused", kind: "model", contains: "refused", to: "refused" });
    },
    { chunkDelayMs: 20 },
  );
}, 150_000);
afterAll(async () => proxy?.close());
beforeEach(() => {
  proxy.anthropic.reset();
  proxy.openai.reset();
});

type Route = "/v1/messages" | "/v1/chat/completions";
const ROUTES: Route[] = ["/v1/messages", "/v1/chat/completions"];
const MODEL = "claude-sonnet-4-5";
const hi = [{ role: "user", content: "hi" }];
const good = (extra: Record<string, unknown> = {}) => ({ model: MODEL, max_tokens: 50, messages: hi, ...extra });

/** The error object on either route, after checking the route's envelope. */
function errorOf(route: Route, body: any): { type: string; message: string; code: number } {
  if (route === "/v1/messages") expect(body.type).toBe("error");
  else expect(body.error).toHaveProperty("param", null);
  expect(Object.keys(body.error).sort()).toEqual(route === "/v1/messages" ? ["code", "message", "type"] : ["code", "message", "param", "type"]);
  return body.error;
}

async function expectError(route: Route, response: Response, status: number, type: string, message: RegExp) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  const error = errorOf(route, JSON.parse(text));
  expect(error).toMatchObject({ type, code: status });
  expect(error.message).toMatch(message);
  return error;
}

describe("bad input: a specific 4xx, never a 500", () => {
  const CASES: [name: string, body: string | Buffer | object, headers: Record<string, string>, status: number, message: RegExp][] = [
    ["malformed JSON", "{bad", {}, 400, /Invalid JSON/],
    ["truncated body", JSON.stringify(good()).slice(0, 30), {}, 400, /Invalid JSON/],
    ["wrong content type", JSON.stringify(good()), { "content-type": "text/plain" }, 415, /content-type must be application\/json/],
    ["missing model", { messages: hi, max_tokens: 5 }, {}, 400, /`model` is required/],
    ["messages not an array", good({ messages: "hi" }), {}, 400, /`messages` must be an array/],
    ["empty messages", good({ messages: [] }), {}, 400, /`messages` must contain at least one message/],
    ["negative max_tokens", good({ max_tokens: -1 }), {}, 400, /`max_tokens` must be an integer from 1 to 1000000, got -1/],
    ["absurd max_tokens", good({ max_tokens: 1e12 }), {}, 400, /`max_tokens` must be an integer from 1 to 1000000/],
    ["invalid UTF-8", Buffer.concat([Buffer.from('{"model":"x","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')]), {}, 400, /request body is not valid UTF-8 \(byte 51\)/],
    ["body above proxy.max_body_bytes", good({ messages: [{ role: "user", content: "x".repeat(MAX_BODY_BYTES) }] }), {}, 413, /larger than 100000 bytes/],
  ];

  test.each(ROUTES.flatMap((route) => CASES.map((c) => [route, ...c] as const)))(
    "%s %s",
    async (route, _name, body, headers, status, message) => {
      const payload = Buffer.isBuffer(body) ? body : typeof body === "string" ? body : JSON.stringify(body);
      const response = await proxy.post(route, payload, headers);
      await expectError(route, response, status, "ValidationError", message);
      expect(proxy.anthropic.requests).toHaveLength(0);
    },
  );

  test("a body shorter than its content-length → 408 after proxy.body_timeout_s", async () => {
    const started = Date.now();
    const response = await rawRequest({
      url: proxy.stack.url,
      path: "/v1/messages",
      headers: { "content-type": "application/json", authorization: `Bearer ${proxy.stack.masterKey}`, "content-length": "500" },
      parts: ['{"model":'],
    });
    expect(response.status).toBe(408);
    expect(JSON.parse(response.body).error.message).toMatch(/request body incomplete after 2s \(9 bytes received/);
    expect(Date.now() - started).toBeLessThan((BODY_TIMEOUT_S + 2) * 1000);
  });

  test("a slowloris body (one byte every 100 ms) → 408, and the attack ends by itself", async () => {
    const body = JSON.stringify(good());
    const response = await rawRequest({
      url: proxy.stack.url,
      path: "/v1/messages",
      headers: { "content-type": "application/json", authorization: `Bearer ${proxy.stack.masterKey}`, "content-length": String(body.length) },
      parts: [...body],
      gapMs: 100,
      timeoutMs: 8_000,
    });
    expect(response.status).toBe(408);
    expect(JSON.parse(response.body)).toMatchObject({ type: "error", error: { type: "ValidationError", code: 408 } });
  });

  test("no master key and no subscription token → 401 in our shape; a wrong key too; nothing reaches a provider", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer sk-not-the-master-key" }, { "x-api-key": "sk-ant-api03-not-ours" }];
    for (const headers of attempts) {
      const response = await fetch(`${proxy.stack.url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(good()) });
      const text = await response.text();
      expect(response.status, `${JSON.stringify(headers)}: ${text}`).toBe(401);
      expect(JSON.parse(text)).toMatchObject({ type: "error", error: { code: 401 } });
      expect(text).not.toContain("not-the-master-key");
    }
    expect(proxy.anthropic.requests).toHaveLength(0);
  });

  test("LiteLLM's own routes are closed: 404 in our shape (admin, key management, pass-through spending the server's keys)", async () => {
    for (const [method, path] of [["GET", "/ui"], ["POST", "/key/generate"], ["POST", "/anthropic/v1/messages"], ["GET", "/health"], ["POST", "/openai/deployments/x/chat/completions"]]) {
      const response = await fetch(`${proxy.stack.url}${path}`, { method, headers: { "content-type": "application/json", authorization: `Bearer ${proxy.stack.masterKey}` }, body: method === "POST" ? JSON.stringify(good()) : undefined });
      const text = await response.text();
      expect(response.status, `${method} ${path}: ${text}`).toBe(404);
      expect(JSON.parse(text).error).toMatchObject({ type: "NotFound", code: 404 });
    }
    const models = await fetch(`${proxy.stack.url}/v1/models`, { headers: { authorization: `Bearer ${proxy.stack.masterKey}` } });
    expect(models.status).toBe(200);
    expect(proxy.anthropic.requests).toHaveLength(0);
  });

  test("ValidationError on a malformed body returns 400 and the exact JSON", async () => {
    const response = await proxy.post("/v1/messages", good({ messages: "hi" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: "error",
      error: { type: "ValidationError", message: "`messages` must be an array of messages, got a string", code: 400 },
    });
  });

  test("after all of it the proxy still answers a normal request", async () => {
    const response = await proxy.post("/v1/messages", good());
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).type).toBe("message");
  });
});

describe("upstream faults: the provider's meaning, our shape", () => {
  const STATUSES: [status: number, message: RegExp][] = [
    [500, /answered HTTP 500: api_error: mock-anthropic error 500/],
    [429, /answered HTTP 429: rate_limit_error: mock-anthropic error 429/],
    [529, /answered HTTP 529: overloaded_error: mock-anthropic error 529/],
    [401, /answered HTTP 401: authentication_error/],
    [403, /answered HTTP 403: permission_error/],
  ];
  const body = (route: Route, stream: boolean, model = MODEL) =>
    route === "/v1/messages" ? good({ model, stream }) : { model, stream, messages: hi };

  describe.each(ROUTES)("%s", (route) => {
    test.each(STATUSES.flatMap(([status, message]) => [false, true].map((stream) => [status, stream, message] as const)))(
      "provider %i (stream %s) → passed through",
      async (status, stream, message) => {
        proxy.anthropic.setFault({ kind: "status", status, retryAfterSeconds: 7 });
        const response = await proxy.post(route, body(route, stream));
        await expectError(route, response, status, "UpstreamError", message);
        if (status === 429 || status === 529) expect(response.headers.get("retry-after")).toBe("7");
        expect(proxy.anthropic.requests).toHaveLength(1); // proxy.num_retries: 0
      },
    );

    test("an unknown Claude id is the client's choice (default.passthrough): the provider's 404 comes back in our shape", async () => {
      proxy.anthropic.setFault({ kind: "status", status: 404, model: "claude-no-such-model", body: { type: "error", error: { type: "not_found_error", message: "model: claude-no-such-model" } } });
      const response = await proxy.post(route, body(route, false, "claude-no-such-model"));
      await expectError(route, response, 404, "UpstreamError", /answered HTTP 404: not_found_error: model: claude-no-such-model/);
      expect(proxy.anthropic.requests.map((r) => r.model)).toEqual(["claude-no-such-model"]);
    });

    test("a model name that is not a Claude id is routed by the rules, never looked up as a LiteLLM model", async () => {
      const response = await proxy.post(route, body(route, false, "no-such-model"));
      expect(response.status).toBe(200);
      expect(proxy.anthropic.requests.map((r) => r.model)).toEqual(["claude-sonnet-4-5"]);
    });

    test("UpstreamTimeout surfaces when the provider call exceeds the timeout", async () => {
      proxy.anthropic.setFault({ kind: "hang" });
      const started = Date.now();
      const response = await proxy.post(route, body(route, false));
      const elapsed = Date.now() - started;
      const error = await expectError(route, response, 504, "UpstreamTimeout", /did not answer within 3s/);
      expect(error.message).toBe(`${MODEL} did not answer within 3s (proxy.request_timeout_s)`);
      expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_S * 1000 - 100);
      expect(elapsed).toBeLessThan((REQUEST_TIMEOUT_S + 3) * 1000);
    });

    test("a hanging stream → 504 before the first byte", async () => {
      proxy.anthropic.setFault({ kind: "hang" });
      await expectError(route, await proxy.post(route, body(route, true)), 504, "UpstreamTimeout", /within 3s/);
    });

    test.each([false, true])("refused connection (stream %s) → 502 UpstreamUnavailable", async (stream) => {
      const response = await proxy.post(route, body(route, stream, "claude-refused"));
      await expectError(route, response, 502, "UpstreamUnavailable", /connection to ccproxy-refused failed: .*Connect call failed/);
    });

    test("provider 401 never echoes a key", async () => {
      proxy.anthropic.setFault({ kind: "status", status: 401, body: { type: "error", error: { type: "authentication_error", message: `invalid x-api-key ${MOCK_KEY}` } } });
      const response = await proxy.post(route, body(route, false));
      const error = await expectError(route, response, 401, "UpstreamError", /answered HTTP 401: authentication_error/);
      expect(JSON.stringify(error)).not.toContain(MOCK_KEY);
    });
  });

  test("/v1/messages: a stream cut mid-way ends with one `event: error` frame in our shape", async () => {
    proxy.anthropic.setFault({ kind: "cut-stream", afterEvents: 5 });
    const response = await proxy.post("/v1/messages", body("/v1/messages", true));
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect(events[0]!.event).toBe("message_start");
    const last = events.at(-1)!;
    expect(last.event).toBe("error");
    expect(last.data).toEqual({
      type: "error",
      error: { type: "UpstreamUnavailable", message: expect.stringMatching(/^connection to claude-sonnet-4-5 failed: /), code: 502 },
    });
    expect(events.filter((e) => e.event === "error")).toHaveLength(1);
  });

  test("/v1/chat/completions: a stream cut mid-way ends with one OpenAI error frame", async () => {
    proxy.anthropic.setFault({ kind: "cut-stream", afterEvents: 5 });
    const response = await proxy.post("/v1/chat/completions", body("/v1/chat/completions", true));
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    expect((events[0]!.data as any).object).toBe("chat.completion.chunk");
    const errors = events.filter((e) => typeof e.data === "object" && e.data !== null && "error" in e.data);
    expect(errors).toHaveLength(1);
    expect((errors[0]!.data as any).error).toMatchObject({ type: "UpstreamUnavailable", param: null, code: "502" });
  });

  test("after the faults the proxy still answers a normal request", async () => {
    const response = await proxy.post("/v1/chat/completions", { model: MODEL, messages: hi });
    expect(response.status).toBe(200);
  });
});
