// Which wire API LiteLLM (1.108.7, read in its source) uses for a target's Anthropic-format traffic — Claude Code's
// /v1/messages — and the model string that makes it use the one ccproxy.yaml asks for (`api: chat | responses`).
//
// LiteLLM's facts (site-packages/litellm/…):
// - /v1/messages goes natively (untranslated) to providers with an Anthropic Messages config: anthropic, deepseek
//   (https://api.deepseek.com/anthropic), … (utils.py ProviderConfigManager.get_provider_anthropic_messages_config).
// - Else to the Responses API when the provider is `openai` (llms/anthropic/pass_through/messages/handler.py
//   _RESPONSES_API_PROVIDERS), else to chat completions through litellm.completion, which speaks each provider's own
//   API (Gemini generateContent, Ollama /api/chat, …).
// - The only switch is process-wide: litellm_settings.use_chat_completions_url_for_anthropic_messages. The
//   per-deployment way is the provider prefix: `hosted_vllm/` is LiteLLM's OpenAI-compatible-server provider (chat
//   completions, no key needed, tool schemas and assistant history made plain for such servers).
import { OFFICIAL_API_BASES } from "./endpoints.js";

/** Why: the values ccproxy.yaml accepts for targets.<label>.api. */
export const API_CHOICES = ["chat", "responses"] as const;
export type ApiChoice = (typeof API_CHOICES)[number];

/** Why: what a request to the target travels as, once LiteLLM has translated it. */
export type WireApi = "messages" | "responses" | "chat" | "gemini" | "ollama" | "provider";

/** Why: the part of a target that decides its wire API. */
export interface WireTarget {
  model: string;
  api_base?: string;
  api?: ApiChoice;
}

/** Why: one answer for render-config (the model string), doctor (which API) and the hook (the URL in a 404). */
export interface WireRoute {
  api: WireApi;
  /** The API's name for people, e.g. "OpenAI chat completions". */
  name: string;
  /** The model string for LiteLLM's model_list: the target's own, except `openai/` sent over chat completions. */
  litellmModel: string;
  /** Where a non-streaming request goes; undefined when only LiteLLM's provider code knows. */
  url: string | undefined;
  /** `api` was not written in ccproxy.yaml: this is ccproxy's default for the target. */
  defaulted: boolean;
  /** OpenAI's own endpoint over chat completions: only LiteLLM's process-wide switch does that (see globalChatSwitch). */
  needsGlobalChatSwitch: boolean;
  /** OpenAI-format parameters LiteLLM must drop for this provider (its litellm_params.additional_drop_params). */
  dropParams: string[];
}

/** LiteLLM providers whose chat completions are OpenAI's wire format (the common ones; others say "provider"). */
const CHAT_PROVIDERS = new Set([
  "hosted_vllm", "lm_studio", "llamafile", "openrouter", "custom_openai", "openai_like", "groq", "together_ai",
  "fireworks_ai", "mistral", "xai", "deepinfra", "perplexity", "cerebras", "nvidia_nim", "sambanova", "moonshot",
]);
/** Providers LiteLLM sends /v1/messages to untranslated (an Anthropic Messages config of their own). */
const MESSAGES_PROVIDERS = new Set(["anthropic", "deepseek", "minimax"]);
const DEFAULT_BASES: Record<string, string> = {
  ...OFFICIAL_API_BASES,
  deepseek: "https://api.deepseek.com",
  openrouter: "https://openrouter.ai/api/v1",
  ollama: "http://localhost:11434",
  ollama_chat: "http://localhost:11434",
};

/** Why: the provider is the model string's first segment (`openai/gpt-5.5` → openai). */
export function providerOf(model: string): string {
  const slash = model.indexOf("/");
  return slash < 0 ? "" : model.slice(0, slash);
}

/** Why: OpenAI's own endpoint keeps the Responses API; any other api_base is an OpenAI-compatible server. */
export function isOpenAIsOwn(apiBase: string | undefined): boolean {
  if (apiBase === undefined) return true;
  return /^https:\/\/api\.openai\.com(?:\/v1)?\/?$/.test(apiBase.trim());
}

/** Why: the wire API, URL and LiteLLM model string of one target. */
export function wireRoute(target: WireTarget): WireRoute {
  const provider = providerOf(target.model);
  const bare = target.model.slice(provider.length + 1);
  const base = trim(target.api_base ?? DEFAULT_BASES[provider]);
  const route = (api: WireApi, name: string, url: string | undefined, litellmModel = target.model): WireRoute => ({
    api, name, url, litellmModel, defaulted: target.api === undefined, needsGlobalChatSwitch: false, dropParams: [],
  });
  if (provider === "openai") {
    const own = isOpenAIsOwn(target.api_base);
    const api = target.api ?? (own ? "responses" : "chat");
    if (api === "responses") return route("responses", "OpenAI Responses API", `${base}/responses`);
    const chat = route("chat", "OpenAI chat completions", `${base}/chat/completions`, own ? target.model : `hosted_vllm/${bare}`);
    return { ...chat, needsGlobalChatSwitch: own };
  }
  if (MESSAGES_PROVIDERS.has(provider)) {
    const url = !base ? undefined : provider === "deepseek" ? `${base.replace(/\/(?:v1|beta|anthropic)$/, "")}/anthropic/v1/messages` : `${base}/v1/messages`;
    return route("messages", "Anthropic Messages", provider === "anthropic" || provider === "deepseek" ? url : undefined);
  }
  if (provider === "gemini") {
    const root = base ?? `https://generativelanguage.googleapis.com/${isGemini3OrNewer(bare) ? "v1alpha" : "v1beta"}`;
    return route("gemini", "Gemini generateContent", `${root}/models/${bare}:generateContent`);
  }
  // Claude Code thinks on every main request; LiteLLM turns that into Ollama's `think: true`, which Ollama refuses (400
  // "does not support thinking") for models that cannot think. Without it, models that can think do so by default.
  if (provider === "ollama_chat") return { ...route("ollama", "Ollama /api/chat", `${base}/api/chat`), dropParams: ["reasoning_effort"] };
  if (provider === "ollama") return { ...route("ollama", "Ollama /api/generate", `${base}/api/generate`), dropParams: ["reasoning_effort"] };
  if (CHAT_PROVIDERS.has(provider)) return route("chat", "OpenAI chat completions", base ? `${base}/chat/completions` : undefined);
  return route("provider", `${provider || "LiteLLM's guess"}'s own API, translated by LiteLLM`, undefined);
}

/** Why: `api` only chooses between APIs LiteLLM can really use for that provider; anything else is a config error. */
export function apiProblem(target: WireTarget): string | undefined {
  if (target.api === undefined) return undefined;
  const provider = providerOf(target.model);
  if (provider === "openai") return undefined;
  const actual = wireRoute({ model: target.model, ...(target.api_base ? { api_base: target.api_base } : {}) });
  if (target.api === "chat" && actual.api === "chat") return undefined;
  const choice = target.api === "responses" ? "the Responses API" : "chat completions";
  return `only openai/ targets choose their API; ${provider || "this"} targets use ${actual.name}, not ${choice}: remove \`api\` (or write the model as openai/<model> for an OpenAI-compatible server)`;
}

/** Why: LiteLLM's one process-wide switch, on only when every target it affects asked for chat completions. */
export function globalChatSwitch(targets: Readonly<Record<string, WireTarget>>): { on: boolean; conflict?: string } {
  const routes = Object.entries(targets).map(([label, target]) => ({ label, route: wireRoute(target) }));
  const wanted = routes.filter((r) => r.route.needsGlobalChatSwitch).map((r) => r.label);
  if (wanted.length === 0) return { on: false };
  const responses = routes.filter((r) => r.route.api === "responses").map((r) => r.label);
  if (responses.length === 0) return { on: true };
  return {
    on: true,
    conflict: `${wanted.join(", ")} (api: chat on OpenAI's own endpoint) and ${responses.join(", ")} (Responses API) cannot both hold: LiteLLM switches OpenAI's own endpoint to chat completions only for the whole process (litellm_settings.use_chat_completions_url_for_anthropic_messages)`,
  };
}

/** LiteLLM's rule (VertexGeminiConfig._is_gemini_3_or_newer): Gemini 3 and newer are served from v1alpha. */
function isGemini3OrNewer(model: string): boolean {
  const name = model.toLowerCase();
  if (!name.startsWith("gemini-")) return false;
  return !/^gemini-(?:[12](?:\.\d+)?|exp|(?:pro|flash)(?!-(?:lite-)?latest$))(?:-|$)/.test(name);
}

function trim(base: string | undefined): string | undefined {
  return base?.replace(/\/+$/, "");
}
