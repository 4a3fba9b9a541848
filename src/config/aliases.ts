// The LiteLLM model_list name of each target label.

/** Why: the hook writes this alias into data["model"] and the LiteLLM config generator declares it; one spelling. */
export function aliasFor(label: string): string {
  return `ccproxy-${label}`;
}
