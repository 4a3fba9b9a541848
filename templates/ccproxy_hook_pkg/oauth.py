"""Claude subscription (OAuth) requests: admitted without the master key from a direct loopback client, and
served only by targets that may receive the user's own token (``forward_oauth`` in ccproxy.yaml).

Claude Code logged in with a subscription sends ``Authorization: Bearer sk-ant-oat…``. LiteLLM forwards such a
header to its anthropic provider (instead of the deployment's key) only when the client authenticated with
another header; so an admitted request gets ``x-litellm-api-key: <master key>`` added, and LiteLLM's own
forwarding does the rest (litellm/proxy/litellm_pre_call_utils.py clean_headers, add_provider_specific_headers).
"""

from typing import Optional

from .proxy_globals import proxy_global

OAUTH_BEARER = b"bearer sk-ant-oat"
LOOPBACK_HOSTS = frozenset(("127.0.0.1", "::1", "localhost", "::ffff:127.0.0.1"))
FORWARDING_HEADERS = frozenset((b"x-forwarded-for", b"forwarded", b"x-real-ip"))
LITELLM_KEY_HEADER = b"x-litellm-api-key"


def carries_oauth_token(scope) -> bool:
    """The request authenticates with an Anthropic OAuth access token (the value is never read further)."""
    for key, value in scope.get("headers", ()):
        if key.lower() == b"authorization":
            return value[: len(OAUTH_BEARER)].lower() == OAUTH_BEARER
    return False


def keyless_allowed(scope, listen_host: str, cluster: bool = False) -> bool:
    """Only a direct loopback client of a loopback-only proxy that is no cluster replica: behind a load balancer (which
    may well run on the same machine and connect from 127.0.0.1) everyone needs the master key."""
    if cluster or listen_host not in LOOPBACK_HOSTS:
        return False
    client = (scope.get("client") or ("",))[0] or ""
    if client not in LOOPBACK_HOSTS and not client.startswith("127."):
        return False
    return not any(key.lower() in FORWARDING_HEADERS for key, _ in scope.get("headers", ()))


def admitted(scope) -> dict:
    """A copy of the scope that passes LiteLLM's key check with the master key, leaving Authorization for Anthropic.

    A client that sends the master key itself (x-litellm-api-key) is left as it is.
    """
    if any(key.lower() == LITELLM_KEY_HEADER for key, _ in scope.get("headers", ())):
        return scope
    key = _master_key() or "sk-ccproxy-no-master-key"
    return dict(scope, headers=list(scope.get("headers", ())) + [(LITELLM_KEY_HEADER, key.encode("latin-1"))])


def _master_key() -> Optional[str]:
    """The master key LiteLLM resolved at start-up (general_settings.master_key)."""
    return proxy_global("master_key")


def refusal_message(label: str) -> str:
    """What the client reads when the rules chose a target that may not take its token."""
    return (
        "this request carries a Claude subscription login (OAuth token); the rules chose target %r, which does not "
        "take it (targets.%s.forward_oauth is false: not Anthropic's own API). Use an API key for this target, or set "
        "forward_oauth: true on an anthropic/ target you trust with the token" % (label, label)
    )
