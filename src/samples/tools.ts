// Claude-Code-shaped tool definitions: real tool names and schema layout, synthetic descriptions.
import { Rng } from "./rng.js";
import { prose } from "./text.js";

type Prop = [name: string, type: "string" | "number" | "boolean" | "array" | "object", required: boolean];

// Name → input properties. 24 tools, as a 2.1.x main request with a couple of MCP servers carries.
const TOOLS: Record<string, Prop[]> = {
  Task: [["description", "string", true], ["prompt", "string", true], ["subagent_type", "string", true]],
  Bash: [["command", "string", true], ["timeout", "number", false], ["description", "string", false], ["run_in_background", "boolean", false]],
  Glob: [["pattern", "string", true], ["path", "string", false]],
  Grep: [["pattern", "string", true], ["path", "string", false], ["glob", "string", false], ["output_mode", "string", false], ["-i", "boolean", false], ["-n", "boolean", false], ["head_limit", "number", false], ["multiline", "boolean", false]],
  ExitPlanMode: [["plan", "string", true]],
  Read: [["file_path", "string", true], ["offset", "number", false], ["limit", "number", false]],
  Edit: [["file_path", "string", true], ["old_string", "string", true], ["new_string", "string", true], ["replace_all", "boolean", false]],
  Write: [["file_path", "string", true], ["content", "string", true]],
  NotebookEdit: [["notebook_path", "string", true], ["cell_id", "string", false], ["new_source", "string", true], ["cell_type", "string", false], ["edit_mode", "string", false]],
  WebFetch: [["url", "string", true], ["prompt", "string", true]],
  TodoWrite: [["todos", "array", true]],
  WebSearch: [["query", "string", true], ["allowed_domains", "array", false], ["blocked_domains", "array", false]],
  BashOutput: [["bash_id", "string", true], ["filter", "string", false]],
  KillShell: [["shell_id", "string", true]],
  SlashCommand: [["command", "string", true]],
  Skill: [["command", "string", true]],
  AskUserQuestion: [["questions", "array", true], ["answers", "object", false]],
  EnterPlanMode: [],
  ListMcpResourcesTool: [["server", "string", false]],
  ReadMcpResourceTool: [["server", "string", true], ["uri", "string", true]],
  mcp__ide__getDiagnostics: [["uri", "string", false]],
  mcp__ide__executeCode: [["code", "string", true]],
  mcp__github__search_code: [["q", "string", true], ["per_page", "number", false], ["page", "number", false]],
  mcp__github__create_issue: [["owner", "string", true], ["repo", "string", true], ["title", "string", true], ["body", "string", false], ["labels", "array", false]],
};

/** Why: every tool name a Claude Code main request carries, in order. */
export const claudeCodeToolNames: readonly string[] = Object.keys(TOOLS);

/** Why: the tools section is ~20 KB of JSON schema, which tokenizes differently from prose. */
export function claudeCodeTools(seed: number, names: readonly string[] = claudeCodeToolNames): object[] {
  const rng = new Rng(seed);
  return names.map((name) => {
    const props = TOOLS[name] ?? [];
    const properties: Record<string, object> = {};
    for (const [prop, type] of props) {
      const schema: Record<string, unknown> = { type, description: prose(rng, 1) };
      if (type === "array") schema.items = { type: "string" };
      if (type === "object") schema.additionalProperties = { type: "string" };
      properties[prop] = schema;
    }
    return {
      name,
      description: prose(rng, rng.int(2, name === "Bash" || name === "Task" ? 40 : 8)),
      input_schema: {
        type: "object",
        properties,
        required: props.filter((p) => p[2]).map((p) => p[0]),
        additionalProperties: false,
        $schema: "http://json-schema.org/draft-07/schema#",
      },
    };
  });
}
