// What opening LiteLLM's whole surface (proxy.expose_litellm_routes) means, said the same way everywhere.
/** Why: one wording for start and doctor when the user opens LiteLLM's whole surface. */
export const EXPOSED_ROUTES_WARNING =
  "proxy.expose_litellm_routes is on: LiteLLM's admin UI, key management, MCP and pass-through routes (which spend the server's provider keys without routing) are reachable on the proxy's port";
