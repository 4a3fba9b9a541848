// The providers' own API endpoints, written explicitly into LiteLLM's config.

/** Why: without an explicit api_base LiteLLM falls back to ANTHROPIC_BASE_URL / OPENAI_BASE_URL, which a Claude Code
 * user's shell points at this very proxy: a request would loop back into it. */
export const OFFICIAL_API_BASES: Readonly<Record<string, string>> = {
  anthropic: "https://api.anthropic.com",
  openai: "https://api.openai.com/v1",
};
