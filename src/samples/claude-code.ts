// Claude-Code-shaped /v1/messages bodies: layout as recorded from the real CLI against a local mock, content synthetic.
import { Rng } from "./rng.js";
import { code, filePath, prose, shell } from "./text.js";
import { claudeCodeTools } from "./tools.js";

/** Why: the main model Claude Code 2.1.x asks for. */
export const SONNET = "claude-sonnet-4-5-20250929";
/** Why: the small model older Claude Code versions send background requests to. */
export const OLD_HAIKU = "claude-3-5-haiku-20241022";
const EPHEMERAL = { type: "ephemeral" } as const;

/** Why: one knob set covers main, budget, deep-thinking, subagent and size variants. */
export interface MainOptions {
  seed: number;
  /** Approximate UTF-8 size of the whole compact JSON body. */
  totalBytes: number;
  thinking: { type: string; budget_tokens?: number };
  effort?: string;
  model?: string;
  maxTokens?: number;
  /** Tool names; all 24 by default; [] for none. */
  tools?: readonly string[];
}

/** Why: every variant shares the same request skeleton, like the real CLI. */
export function claudeCodeRequest(o: MainOptions): Record<string, unknown> {
  const rng = new Rng(o.seed);
  const small = o.totalBytes < 20_000;
  const system = [
    { type: "text", text: `You are a synthetic coding agent used in ccproxy tests. ${small ? "" : prose(rng, 2)}` },
    { type: "text", text: prose(rng, small ? 1 : 170), cache_control: EPHEMERAL },
  ];
  const tools = small && !o.tools ? [] : claudeCodeTools(o.seed + 1, o.tools);
  const body: Record<string, unknown> = {
    model: o.model ?? SONNET,
    messages: [] as object[],
    system,
    ...(tools.length ? { tools } : {}),
    metadata: { user_id: JSON.stringify({ device_id: rng.uuid().replace(/-/g, ""), account_uuid: "", session_id: rng.uuid() }) },
    max_tokens: o.maxTokens ?? 32000,
    thinking: o.thinking,
    ...(o.effort ? { output_config: { effort: o.effort } } : {}),
    stream: true,
  };
  const used = JSON.stringify(body).length;
  body.messages = conversation(rng, Math.max(200, o.totalBytes - used));
  return body;
}

/** Why: a session grows by turns: ask, think, call a tool, read its result, sometimes a system note. */
function conversation(rng: Rng, targetBytes: number): object[] {
  const reminder = { type: "text", text: `<system-reminder>\n${prose(rng, 4)}\n</system-reminder>` };
  const ask = { type: "text", text: prose(rng, rng.int(1, 4)), cache_control: EPHEMERAL };
  const messages: object[] = [{ role: "user", content: targetBytes < 2_000 ? [ask] : [reminder, ask] }];
  let bytes = JSON.stringify(messages).length;
  let turn = 0;
  while (bytes < targetBytes) {
    const id = `toolu_${rng.uuid().replace(/-/g, "").slice(0, 24)}`;
    const remaining = targetBytes - bytes;
    const tool = rng.pick(["Read", "Bash", "Grep", "Edit"] as const);
    const size = Math.max(1, Math.min(Math.ceil(remaining / 60), rng.int(20, 220)));
    const assistant: object[] = [];
    if (rng.next() < 0.3) assistant.push({ type: "thinking", thinking: prose(rng, rng.int(2, 6)), signature: rng.uuid() + rng.uuid() });
    assistant.push({ type: "text", text: prose(rng, rng.int(1, 3)) });
    assistant.push({ type: "tool_use", id, name: tool, input: toolInput(rng, tool) });
    const result = tool === "Read" || tool === "Edit" ? code(rng, size) : shell(rng, Math.ceil(size / 2));
    const turnMessages: object[] = [
      { role: "assistant", content: assistant },
      { role: "user", content: [{ type: "tool_result", tool_use_id: id, content: result }] },
    ];
    if (++turn % 7 === 0) turnMessages.push({ role: "system", content: prose(rng, 2) });
    if (turn % 5 === 0) turnMessages.push({ role: "user", content: prose(rng, rng.int(1, 5)) });
    messages.push(...turnMessages);
    bytes += JSON.stringify(turnMessages).length - 1;
  }
  return messages;
}

function toolInput(rng: Rng, tool: string): object {
  if (tool === "Bash") return { command: `npm test -- ${filePath(rng)}`, description: prose(rng, 1) };
  if (tool === "Grep") return { pattern: "export function", path: filePath(rng), output_mode: "content" };
  if (tool === "Edit") return { file_path: filePath(rng), old_string: code(rng, 2), new_string: code(rng, 3) };
  return { file_path: filePath(rng) };
}

/** Why: 2.1.x titles go to the main model: no tools, thinking disabled, a JSON-schema output format. */
export function titleRequest(seed: number, model = SONNET): Record<string, unknown> {
  const rng = new Rng(seed);
  return {
    model,
    messages: [{ role: "user", content: prose(rng, 14) }],
    system: [{ type: "text", text: `Summarize this coding conversation in a short title. ${prose(rng, 3)}`, cache_control: EPHEMERAL }],
    max_tokens: 32000,
    thinking: { type: "disabled" },
    output_config: { format: { type: "json_schema", schema: {
      type: "object", properties: { title: { type: "string" } }, required: ["title"], additionalProperties: false,
    } } },
    stream: true,
  };
}

/** Why: older versions send titles to Haiku with max_tokens 512: the classic "background" signal. */
export function haikuTitleRequest(seed: number): Record<string, unknown> {
  const rng = new Rng(seed);
  return {
    model: OLD_HAIKU,
    max_tokens: 512,
    messages: [{ role: "user", content: prose(rng, 6) }],
    system: [{ type: "text", text: `Analyze if this message indicates a new conversation topic. ${prose(rng, 3)}` }],
    temperature: 0,
    metadata: { user_id: `user_${rng.uuid().replace(/-/g, "")}_account__session_${rng.uuid()}` },
    stream: true,
  };
}

/** Why: web search is a separate small request with a server tool and a forced tool_choice. */
export function webSearchRequest(seed: number, model = SONNET): Record<string, unknown> {
  const rng = new Rng(seed);
  return {
    model,
    messages: [{ role: "user", content: `Perform a web search for the query: ${prose(rng, 1)}` }],
    system: [{ type: "text", text: "You are an assistant for performing a web search tool use", cache_control: EPHEMERAL }],
    tools: [{ type: "web_search_20250305", name: "web_search", max_uses: 8 }],
    tool_choice: { type: "tool", name: "web_search" },
    max_tokens: 32000,
    thinking: { type: "disabled" },
    stream: true,
  };
}
