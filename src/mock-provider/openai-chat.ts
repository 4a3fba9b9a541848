// OpenAI /v1/chat/completions and the legacy /v1/completions, JSON and SSE (`data: [DONE]`).
import { sendJson } from "./http.js";
import { newId, unixSeconds } from "./reply.js";
import type { Exchange } from "./types.js";

/** Why: LiteLLM's openai/ targets and OpenAI-compatible clients speak chat completions. */
export async function openaiChat(ex: Exchange): Promise<void> {
  const head = { id: newId("chatcmpl-"), created: unixSeconds(), model: ex.model, system_fingerprint: null };
  if (ex.body.stream !== true) {
    const message = { role: "assistant", content: ex.text, refusal: null };
    const choice = { index: 0, message, logprobs: null, finish_reason: "stop" };
    sendJson(ex.res, 200, { ...head, object: "chat.completion", choices: [choice], usage: usage(ex) });
    return;
  }
  const chunk = { ...head, object: "chat.completion.chunk" };
  const deltas = [{ role: "assistant", content: "", refusal: null }, ...ex.parts.map((content) => ({ content }))];
  await streamChoices(ex, chunk, [
    ...deltas.map((delta) => ({ index: 0, delta, logprobs: null, finish_reason: null })),
    { index: 0, delta: {}, logprobs: null, finish_reason: "stop" },
  ]);
}

/** Why: the legacy text-completion route still exists behind LiteLLM's /completions. */
export async function openaiCompletions(ex: Exchange): Promise<void> {
  const head = { id: newId("cmpl-"), object: "text_completion", created: unixSeconds(), model: ex.model };
  if (ex.body.stream !== true) {
    const choice = { text: ex.text, index: 0, logprobs: null, finish_reason: "stop" };
    sendJson(ex.res, 200, { ...head, choices: [choice], usage: usage(ex) });
    return;
  }
  await streamChoices(ex, head, [
    ...ex.parts.map((text) => ({ text, index: 0, logprobs: null, finish_reason: null })),
    { text: "", index: 0, logprobs: null, finish_reason: "stop" },
  ]);
}

/** One chunk per choice, a usage chunk when `stream_options.include_usage`, then `[DONE]`. */
async function streamChoices(ex: Exchange, head: object, choices: object[]): Promise<void> {
  const options = ex.body.stream_options as { include_usage?: unknown } | undefined;
  const withUsage = options?.include_usage === true;
  const sse = ex.openSse();
  for (const choice of choices) {
    await sse.send(undefined, { ...head, choices: [choice], ...(withUsage ? { usage: null } : {}) });
  }
  if (withUsage) await sse.send(undefined, { ...head, choices: [], usage: usage(ex) });
  await sse.send(undefined, "[DONE]");
  sse.end();
}

/** As api.openai.com reports it: prompt_tokens includes the cached ones, which the details break out. */
function usage(ex: Exchange): object {
  const total = ex.inputTokens + ex.outputTokens;
  return {
    prompt_tokens: ex.inputTokens,
    completion_tokens: ex.outputTokens,
    total_tokens: total,
    prompt_tokens_details: { cached_tokens: ex.cached.read, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}
