// What the mock answers: its text, or — when a test scripts a tool call — that call first and, once the client sends
// the tool's result back, a final text that quotes the result (so a test can prove the tool really ran).

/** Why: a tool-use round trip needs the mock to call one of the client's tools with known arguments. */
export interface ToolScript {
  /** The tool to call, by name; called only when the request offers a tool of that name. */
  name: string;
  /** Its arguments, e.g. `{ file_path: "/abs/notes.txt" }` for Claude Code's Read. */
  input: Record<string, unknown>;
}

/** Why: each API's handler reduces its request to what the plan needs: the tools offered, the results returned. */
export interface Conversation {
  tools: string[];
  /** The text of every tool result in the conversation, oldest first. */
  toolResults: string[];
}

/** Why: one decision, rendered by every API in its own wire format. */
export type Reply = { kind: "text"; text: string } | { kind: "tool"; name: string; input: Record<string, unknown>; id: string };

const RESULT_QUOTE = 300;

/** Why: a tool call while no result has come back; afterwards the text, with the last result quoted. */
export function planReply(text: string, script: ToolScript | undefined, conversation: Conversation, id: string): Reply {
  const last = conversation.toolResults.at(-1);
  if (last !== undefined) return { kind: "text", text: `${text}. Tool result: ${oneLine(last).slice(0, RESULT_QUOTE)}` };
  if (script && conversation.tools.includes(script.name)) return { kind: "tool", name: script.name, input: script.input, id };
  return { kind: "text", text };
}

/** Why: tool results arrive as strings or as lists of text blocks, depending on the API. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("");
  if (typeof value === "object" && value !== null) {
    const v = value as Record<string, unknown>;
    if (typeof v.text === "string") return v.text;
    if ("content" in v) return textOf(v.content);
    if ("output" in v) return textOf(v.output);
    return JSON.stringify(value);
  }
  return value === undefined || value === null ? "" : String(value);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Why: request fields arrive untyped; handlers read lists without repeating the checks. */
export function listOf(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];
}
