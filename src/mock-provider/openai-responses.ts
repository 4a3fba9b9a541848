// OpenAI /v1/responses: what LiteLLM calls for /v1/messages sent to an openai/ target (JSON and SSE).
import { sendJson } from "./http.js";
import { newId, unixSeconds } from "./reply.js";
import type { Exchange } from "./types.js";

/** Why: LiteLLM translates Anthropic /v1/messages to this API for openai/ targets by default. */
export async function openaiResponses(ex: Exchange): Promise<void> {
  const itemId = newId("msg_");
  const part = { type: "output_text", text: ex.text, annotations: [], logprobs: [] };
  const item = { id: itemId, type: "message", status: "completed", role: "assistant", content: [part] };
  const done = response(ex, [item]);
  if (ex.body.stream !== true) {
    sendJson(ex.res, 200, done);
    return;
  }
  const sse = ex.openSse();
  let sequence = 0;
  const send = (type: string, fields: object): Promise<void> =>
    sse.send(type, { type, sequence_number: sequence++, ...fields });
  const at = { item_id: itemId, output_index: 0, content_index: 0 };
  const pending = { ...done, status: "in_progress", output: [], usage: null };
  await send("response.created", { response: pending });
  await send("response.in_progress", { response: pending });
  await send("response.output_item.added", { output_index: 0, item: { ...item, status: "in_progress", content: [] } });
  await send("response.content_part.added", { ...at, part: { ...part, text: "" } });
  for (const delta of ex.parts) await send("response.output_text.delta", { ...at, delta, logprobs: [] });
  await send("response.output_text.done", { ...at, text: ex.text, logprobs: [] });
  await send("response.content_part.done", { ...at, part });
  await send("response.output_item.done", { output_index: 0, item });
  await send("response.completed", { response: done });
  sse.end();
}

/** The Response object; LiteLLM requires `created_at` and validates `usage` as ResponseAPIUsage. */
function response(ex: Exchange, output: object[]): Record<string, unknown> {
  const { body } = ex;
  return {
    id: newId("resp_"),
    object: "response",
    created_at: unixSeconds(),
    status: "completed",
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: ex.model,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: body.store ?? false,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: "disabled",
    usage: {
      input_tokens: ex.inputTokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: ex.outputTokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: ex.inputTokens + ex.outputTokens,
    },
    user: null,
    metadata: {},
  };
}
