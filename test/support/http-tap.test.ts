// The recording tap the real-CLI tests put in front of the proxy: transparent for the client, exact in what it records.
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { createMockProvider, refusingUrl, type MockProvider } from "../../src/mock-provider/server.js";
import { createHttpTap, type HttpTap } from "./http-tap.js";
import { parseSse } from "./sse.js";

let mock: MockProvider;
let tap: HttpTap;
beforeAll(async () => {
  mock = await createMockProvider({ chunkDelayMs: 5 });
  tap = await createHttpTap(mock.url);
});
afterAll(async () => {
  await tap.close();
  await mock.close();
});
beforeEach(() => {
  mock.reset();
  tap.reset();
});

test("a streamed answer passes through whole, and the request is recorded as sent (query, headers, JSON body)", async () => {
  const body = { model: "claude-x", max_tokens: 10, stream: true, messages: [{ role: "user", content: "hi" }] };
  const response = await fetch(`${tap.url}/v1/messages?beta=true`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": "k1", "anthropic-beta": "a-1,b-2" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const events = parseSse(await response.text()).map((e) => e.event);
  expect(events.at(-1)).toBe("message_stop");

  expect(tap.requests).toEqual([
    expect.objectContaining({ method: "POST", url: "/v1/messages?beta=true", status: 200, body, bodyBytes: JSON.stringify(body).length }),
  ]);
  expect(tap.requests[0]!.headers).toMatchObject({ "x-api-key": "k1", "anthropic-beta": "a-1,b-2" });
  expect(mock.requests).toHaveLength(1);
  expect(mock.requests[0]).toMatchObject({ path: "/v1/messages", query: { beta: "true" }, headers: { "x-api-key": "k1", "anthropic-beta": "a-1,b-2" } });
});

test("bodiless requests (HEAD, GET) are recorded too, with the server's status", async () => {
  expect((await fetch(`${tap.url}/api/hello`, { method: "HEAD" })).status).toBe(404);
  expect((await fetch(`${tap.url}/v1/models`, { headers: { "anthropic-version": "2023-06-01" } })).status).toBe(200);
  expect(tap.requests.map((r) => [r.method, r.url, r.status, r.body])).toEqual([
    ["HEAD", "/api/hello", 404, undefined],
    ["GET", "/v1/models", 200, undefined],
  ]);
});

test("an unreachable server is a 502 from the tap, still recorded", async () => {
  const dead = await createHttpTap(await refusingUrl());
  try {
    expect((await fetch(`${dead.url}/v1/messages`, { method: "POST", body: "{}" })).status).toBe(502);
    expect(dead.requests).toMatchObject([{ method: "POST", url: "/v1/messages", status: 502, body: {} }]);
  } finally {
    await dead.close();
  }
});
