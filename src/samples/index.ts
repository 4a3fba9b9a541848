// Named synthetic request bodies, reused by tests, `ccproxy bench --body`, `ccproxy doctor` and test vectors.
import type { CallType } from "../routing/types.js";
import { claudeCodeRequest, haikuTitleRequest, titleRequest, webSearchRequest, SONNET } from "./claude-code.js";
import { embeddingsRequest, openaiChatRequest, openaiResponsesRequest, textCompletionRequest } from "./openai.js";
import { claudeCodeToolNames } from "./tools.js";

const SUBAGENT_TOOLS = ["Bash", "Glob", "Grep", "Read", "Edit", "Write", "NotebookEdit", "WebFetch", "TodoWrite", "WebSearch", "BashOutput", "KillShell"];

/** Why: callers get a fresh, deterministic body per call and may mutate it freely. */
export const samples = {
  /** 2.1.x main request: adaptive thinking + effort high, 24 tools, ~76 KB. */
  claudeCodeMain: () => claudeCodeRequest({ seed: 1, totalBytes: 76_000, thinking: { type: "adaptive" }, effort: "high" }),
  /** 2.1.x main request with a fixed thinking budget of 31999. */
  claudeCodeMainBudget: () => claudeCodeRequest({ seed: 2, totalBytes: 70_000, thinking: { type: "enabled", budget_tokens: 31999 } }),
  /** A deliberate request for deeper reasoning: adaptive thinking, effort max. */
  deepThinking: () => claudeCodeRequest({ seed: 3, totalBytes: 60_000, thinking: { type: "adaptive" }, effort: "max" }),
  /** A Task subagent: thinking disabled, a dozen tools. */
  subagent: () => claudeCodeRequest({ seed: 4, totalBytes: 30_000, thinking: { type: "disabled" }, tools: SUBAGENT_TOOLS }),
  /** 2.1.x title request to the main model (~2 KB). */
  title: () => titleRequest(5),
  /** Older versions' Haiku title request, max_tokens 512. */
  haikuTitle: () => haikuTitleRequest(6),
  /** The nested web-search request (~1 KB, server tool, forced tool_choice). */
  webSearch: () => webSearchRequest(7),
  /** A main request of about 150k tokens (o200k_base), for long-context routing. */
  longContext: () => claudeCodeRequest({ seed: 8, totalBytes: 520_000, thinking: { type: "adaptive" }, effort: "high" }),
  /** An OpenAI chat completion with a function tool. */
  openaiChat: () => openaiChatRequest(9),
  /** An OpenAI Responses API request. */
  openaiResponses: () => openaiResponsesRequest(10),
  /** A legacy text completion. */
  textCompletion: () => textCompletionRequest(11),
  /** An embeddings request. */
  embeddings: () => embeddingsRequest(12),
  /** Benchmark size variants of the main request. */
  size1k: () => claudeCodeRequest({ seed: 13, totalBytes: 600, thinking: { type: "adaptive" }, effort: "high" }),
  size76k: () => claudeCodeRequest({ seed: 1, totalBytes: 76_000, thinking: { type: "adaptive" }, effort: "high" }),
  size600k: () => claudeCodeRequest({ seed: 14, totalBytes: 600_000, thinking: { type: "adaptive" }, effort: "high" }),
} satisfies Record<string, () => Record<string, unknown>>;

export type SampleName = keyof typeof samples;

/** Why: the call type each sample is sent as, for vectors, corpus checks and `ccproxy route`. */
export const sampleCallTypes: Record<SampleName, CallType> = {
  claudeCodeMain: "messages", claudeCodeMainBudget: "messages", deepThinking: "messages", subagent: "messages",
  title: "messages", haikuTitle: "messages", webSearch: "messages", longContext: "messages",
  openaiChat: "chat", openaiResponses: "responses", textCompletion: "completion", embeddings: "embedding",
  size1k: "messages", size76k: "messages", size600k: "messages",
};

export { claudeCodeRequest, claudeCodeToolNames, SONNET };
