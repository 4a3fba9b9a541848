// Ollama's native API (what LiteLLM's ollama_chat/ provider calls): POST /api/chat — streaming by default, as NDJSON
// lines ending with a `done: true` line that carries the counts — plus GET /api/tags, POST /api/show, GET /api/version.
// As the real server: an unknown model is a 404 ("try pulling it first"), and `think` for a model that cannot think is a
// 400 naming the model.
import type { ServerResponse } from "node:http";
import { sendJson } from "./http.js";
import { splitText } from "./reply.js";
import { listOf, textOf, type Conversation } from "./script.js";
import type { Exchange } from "./types.js";

/** Models that can think, as Ollama's library tags them (qwen3 yes, qwen3-coder and qwen2.5-coder no). */
const DEFAULT_THINKING = /^(?:qwen3(?!-coder)|deepseek-r1|gpt-oss|magistral)/;
const THOUGHT = "The mock is thinking about the answer.";

/** Why: `ollama_chat/` targets send every chat here; `stream` defaults to true in Ollama's API. */
export async function ollamaChat(ex: Exchange): Promise<void> {
  const name = ex.model.replace(/:latest$/, "");
  if (ex.options.models && !ex.options.models.some((m) => m.replace(/:latest$/, "") === name)) {
    return sendJson(ex.res, 404, { error: `model "${ex.model}" not found, try pulling it first` });
  }
  const canThink = (ex.options.ollamaThinking ?? DEFAULT_THINKING).test(name);
  const think = ex.body.think;
  if (think !== undefined && think !== false && !canThink) {
    return sendJson(ex.res, 400, { error: `"${ex.model}" does not support thinking` });
  }
  const reply = ex.plan(conversation(ex.body));
  const message = reply.kind === "tool"
    ? { role: "assistant", content: "", tool_calls: [{ function: { name: reply.name, arguments: reply.input } }] }
    : { role: "assistant", content: reply.text };
  const thinking = think !== undefined && think !== false ? THOUGHT : undefined;
  const head = () => ({ model: ex.model, created_at: new Date().toISOString() });
  const done = {
    done_reason: "stop",
    done: true,
    total_duration: 12_000_000,
    load_duration: 1_000_000,
    prompt_eval_count: ex.inputTokens,
    prompt_eval_duration: 4_000_000,
    eval_count: ex.outputTokens,
    eval_duration: 7_000_000,
  };
  if (ex.body.stream === false) {
    return sendJson(ex.res, 200, { ...head(), message: { ...message, ...(thinking ? { thinking } : {}) }, ...done });
  }
  const lines: object[] = [];
  if (thinking) lines.push({ ...head(), message: { role: "assistant", content: "", thinking }, done: false });
  if (reply.kind === "tool") lines.push({ ...head(), message, done: false });
  else {
    const pieces = reply.text === ex.parts.join("") ? ex.parts : splitText(reply.text, ex.parts.length);
    for (const content of pieces) lines.push({ ...head(), message: { role: "assistant", content }, done: false });
  }
  lines.push({ ...head(), message: { role: "assistant", content: "" }, ...done });
  const stream = ex.openSse("ndjson");
  for (const line of lines) await stream.send(undefined, line);
  stream.end();
}

/** Why: the local models list (`ollama list`). */
export function ollamaTags(models: string[], res: ServerResponse): void {
  const data = models.map((name) => ({
    name: name.includes(":") ? name : `${name}:latest`,
    model: name.includes(":") ? name : `${name}:latest`,
    modified_at: "2026-11-01T00:00:00Z",
    size: 4_683_087_332,
    digest: "0".repeat(64),
    details: { format: "gguf", family: "qwen2", parameter_size: "7.6B", quantization_level: "Q4_K_M" },
  }));
  sendJson(res, 200, { models: data });
}

/** Why: LiteLLM asks /api/show for a model's context length and whether its template takes tools. */
export function ollamaShow(ex: Exchange): void {
  const name = String(ex.body.model ?? ex.body.name ?? "");
  const thinks = (ex.options.ollamaThinking ?? DEFAULT_THINKING).test(name);
  sendJson(ex.res, 200, {
    modelfile: `FROM ${name}`,
    parameters: "stop \"<|im_end|>\"",
    template: "{{- if .Tools }}<tools>{{ range .Tools }}{{ . }}{{ end }}</tools>{{ end }}{{ .Prompt }}",
    details: { format: "gguf", family: "qwen2", parameter_size: "7.6B", quantization_level: "Q4_K_M" },
    model_info: { "general.architecture": "qwen2", "qwen2.context_length": 32_768 },
    capabilities: ["completion", "tools", ...(thinks ? ["thinking"] : [])],
  });
}

/** The tools offered, and the `role: "tool"` messages sent back. */
function conversation(body: Record<string, unknown>): Conversation {
  const tools = listOf(body.tools).map((t) => String((t.function as { name?: unknown } | undefined)?.name));
  const toolResults = listOf(body.messages).filter((m) => m.role === "tool").map((m) => textOf(m.content));
  return { tools, toolResults };
}
