// OpenAI-shaped bodies (chat, responses, completions, embeddings) for the non-Anthropic call types.
import { Rng } from "./rng.js";
import { code, prose } from "./text.js";

/** Why: any OpenAI client through /v1/chat/completions; function tools, system in messages. */
export function openaiChatRequest(seed: number): Record<string, unknown> {
  const rng = new Rng(seed);
  return {
    model: "gpt-4o",
    messages: [
      { role: "system", content: `You are a helpful assistant. ${prose(rng, 4)}` },
      { role: "user", content: `${prose(rng, 5)}\n\n\`\`\`ts\n${code(rng, 30)}\n\`\`\`` },
    ],
    tools: [{ type: "function", function: {
      name: "get_weather", description: prose(rng, 2),
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    } }],
    max_completion_tokens: 4096,
    reasoning_effort: "low",
    stream: false,
  };
}

/** Why: /v1/responses names its sections instructions/input and its limit max_output_tokens. */
export function openaiResponsesRequest(seed: number): Record<string, unknown> {
  const rng = new Rng(seed);
  return {
    model: "gpt-5",
    instructions: prose(rng, 3),
    input: [{ role: "user", content: [{ type: "input_text", text: prose(rng, 6) }] }],
    tools: [{ type: "web_search_preview" }, { type: "function", name: "lookup", parameters: { type: "object", properties: {} } }],
    reasoning: { effort: "medium" },
    max_output_tokens: 2048,
    stream: true,
  };
}

/** Why: legacy /v1/completions has a bare prompt. */
export function textCompletionRequest(seed: number): Record<string, unknown> {
  const rng = new Rng(seed);
  return { model: "gpt-3.5-turbo-instruct", prompt: prose(rng, 5), max_tokens: 256 };
}

/** Why: embeddings must route (to default) without tripping thinking/tool rules. */
export function embeddingsRequest(seed: number): Record<string, unknown> {
  const rng = new Rng(seed);
  return { model: "text-embedding-3-small", input: Array.from({ length: 4 }, () => prose(rng, 2)) };
}
