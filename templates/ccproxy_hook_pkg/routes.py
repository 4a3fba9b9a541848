"""Which of LiteLLM's routes clients may reach: the ones ccproxy documents, unless the user opens the rest.

LiteLLM serves far more than the API on its port — its admin UI, key/team/user management, MCP, and pass-through
routes (/anthropic/*, /openai/*, /gemini/* …) that spend the server's provider keys with no routing. Those answer
404 in our error shape before LiteLLM sees them, unless ``proxy.expose_litellm_routes: true``.
"""

API_PATHS = frozenset(
    prefix + path
    for prefix in ("", "/v1")
    for path in ("/messages", "/chat/completions", "/completions", "/embeddings", "/responses")
)
"""POST routes the hook routes: JSON bodies, our error shape on every error."""

COUNT_TOKENS_PATHS = frozenset(("/v1/messages/count_tokens", "/messages/count_tokens"))
"""Claude Code's token counting (LiteLLM answers it without the pre-call hook)."""

OPEN_PATHS = frozenset(("/v1/models", "/models", "/health/liveliness", "/health/readiness"))
"""Reads that reveal nothing a client may not know; /health is not here: it calls every provider."""


def normalized(path: str) -> str:
    """One spelling per route: no trailing slash (LiteLLM's router accepts both)."""
    return path.rstrip("/") or "/"


def is_api_path(path: str) -> bool:
    """A route whose errors the layer renders in our shape (API and count_tokens)."""
    path = normalized(path)
    return path in API_PATHS or path in COUNT_TOKENS_PATHS


def is_documented(path: str) -> bool:
    """A route ccproxy documents, reachable whatever the setting."""
    path = normalized(path)
    return path in API_PATHS or path in COUNT_TOKENS_PATHS or path in OPEN_PATHS


def is_readiness(path: str) -> bool:
    """The load balancer's probe: answered 503 by the layer itself while the replica drains."""
    return normalized(path) == "/health/readiness"
