"""The routing decision asked for while LiteLLM authenticates the request, not after (bench/README.md, "LiteLLM,
slimmed", change 15).

The hook's round trip to the hook server costs ~0.7 ms of every request at low load on the bench VM, most of it two
idle processes waking up rather than work. The ErrorLayer holds the whole body before LiteLLM reads it. For a path the
hook routes, from a caller that presents the master key (a subscription request admitted from loopback carries it by
then), the layer parses the body, leaves the parsed body where LiteLLM looks before parsing it again, builds the
summary and sends it: LiteLLM's auth and request set-up (~2 ms) run while the hook server answers. The hook's
deadline still counts from when the hook waits, so LiteLLM's own work (a first request's imports) never counts
against the hook server; an open circuit breaker sends nothing early.

The hook builds its summary again from the data LiteLLM hands it and takes the early answer only when the two are
equal; otherwise it asks as before. Nothing is sent early without the master key, so an unauthenticated request never
reaches the hook server, and an early answer nobody took (LiteLLM refused the request, the client left) is cancelled
with the request.
"""

import asyncio
import hmac
from time import perf_counter_ns
from typing import Optional

try:
    import orjson  # what LiteLLM parses request bodies with: the parsed body it finds is the one it would make
except ImportError:  # pragma: no cover - LiteLLM depends on it
    orjson = None

from .errors import ProxyError
from .request_validation import validate_request
from .summary import build_summary, section_json

EARLY_PATHS = {"/v1/messages": "messages", "/v1/chat/completions": "chat", "/chat/completions": "chat"}
KEY_HEADERS = frozenset((b"x-api-key", b"x-litellm-api-key", b"api-key"))
BEARER = b"bearer "


class EarlyDecision:
    """The summary sent early, its exchange with the hook server (HookClient.begin: the hook's `decide` finishes it
    under its usual deadline) and what building the summary took (the hook counts it as its own)."""

    __slots__ = ("summary", "exchange", "summary_ns")

    def __init__(self, summary: dict, exchange: asyncio.Future, summary_ns: int) -> None:
        self.summary = summary
        self.exchange = exchange
        self.summary_ns = summary_ns

    def drop(self) -> None:
        """Nobody takes the answer: cancel the exchange, or read a failure already in so asyncio does not log it."""
        if not self.exchange.done():
            self.exchange.cancel()
        elif not self.exchange.cancelled():
            self.exchange.exception()


def ask_early(client, scope, body: bytes, master_key: Optional[str]) -> Optional[EarlyDecision]:
    """Send the summary of a routable request from a caller with the master key; None when it does not qualify."""
    call_type = EARLY_PATHS.get(scope.get("path"))
    if call_type is None or orjson is None or not presents_master_key(scope, master_key):
        return None
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None  # LiteLLM answers malformed JSON as before
    if not isinstance(data, dict):
        return None
    try:
        validate_request(data, call_type)
    except ProxyError:
        return None  # the hook raises it in its place
    keep_parsed_for_litellm(scope, data)
    started = perf_counter_ns()  # the parsing is LiteLLM's, done here instead of there: not the hook's time
    sections = section_json(data, call_type)
    summary = build_summary(data, call_type, sections)
    summary_ns = perf_counter_ns() - started
    exchange = client.begin(summary)
    return EarlyDecision(summary, exchange, summary_ns) if exchange is not None else None


def presents_master_key(scope, master_key: Optional[str]) -> bool:
    """A credential header (x-api-key, x-litellm-api-key, api-key, Authorization: Bearer) holding the master key."""
    if not master_key:
        return False
    expected = master_key.encode("latin-1")
    for name, value in scope.get("headers", ()):
        name = name.lower()
        if name == b"authorization" or (name == b"x-litellm-api-key" and value[:7].lower() == BEARER):
            value = value[7:] if value[:7].lower() == BEARER else b""
        elif name not in KEY_HEADERS:
            continue
        if hmac.compare_digest(value.strip(), expected):
            return True
    return False


def keep_parsed_for_litellm(scope, data: dict) -> None:
    """The parsed body where LiteLLM's read_request_body looks before parsing (its own setter, so its own format)."""
    try:
        from litellm.proxy.common_utils.http_parsing_utils import safe_set_request_parsed_body
        from starlette.requests import Request
    except ImportError:
        return  # LiteLLM parses the body itself, as without this
    safe_set_request_parsed_body(Request(scope), data)
