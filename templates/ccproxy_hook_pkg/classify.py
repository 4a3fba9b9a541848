"""Classifying failures: ours keep their type, the provider's keep their status, the rest is Unknown."""

import json
import re
import sys
from typing import Any, Optional

from .errors import ProxyError, Rejection, Unknown, UpstreamError, UpstreamTimeout, UpstreamUnavailable, ValidationError
from .redaction import redact
from .summary import json_int

CONNECTION_FAILURES = (("litellm", "APIConnectionError"), ("httpx", "TransportError"),
                       ("aiohttp", "ClientConnectionError"), ("aiohttp", "ClientPayloadError"))
# LiteLLM sometimes wraps a refused connection in a 500 whose only trace is aiohttp's text.
CONNECTION_TEXT = re.compile(r"Cannot connect to host|Connect call failed|Connection refused|Response payload is not completed")


def classify(exc: BaseException, target: str, request_timeout_s: float) -> ProxyError:
    """The ProxyError a client sees for any exception LiteLLM reports to the failure hook."""
    if isinstance(exc, Rejection):
        return exc.error
    if isinstance(exc, ProxyError):
        return exc
    if _is_a(exc, "litellm", "Timeout") or _is_a(exc, "httpx", "TimeoutException"):
        return UpstreamTimeout("%s did not answer within %gs (proxy.request_timeout_s)" % (target, request_timeout_s))
    if connection_failed(exc):
        return UpstreamUnavailable("connection to %s failed: %s" % (target, redact(_litellm_text(exc))[:300]))
    status = provider_status(exc)
    if status is not None:
        kind, message = provider_error(exc)
        status = 529 if kind == "overloaded_error" else status
        text = "%s answered HTTP %d: %s" % (target, status, "%s: %s" % (kind, message) if kind else message)
        return UpstreamError(text, status, retry_after(exc))
    own = json_int(getattr(exc, "status_code", None)) or _digits(getattr(exc, "code", None))
    if own is not None and 400 <= own < 500:
        return client_error(_detail_text(exc), own)
    return Unknown()


NO_DB_MESSAGE = "No connected db."
BAD_KEY = "invalid API key: it is not this proxy's master key (ccproxy keeps no other keys)"


def client_error(message: str, status: int) -> ValidationError:
    """LiteLLM's own 4xx in our shape; a key that is not the master key reads as what it is (LiteLLM looks any other
    key up in a database ccproxy never has, and says "No connected db.")."""
    if message == NO_DB_MESSAGE:
        return ValidationError(BAD_KEY, 401)
    return ValidationError(redact(message)[:500], status)


def connection_failed(exc: BaseException) -> bool:
    """A refused, reset or cut connection anywhere in the exception's chain."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, ConnectionError) or any(_is_a(exc, m, n) for m, n in CONNECTION_FAILURES):
            return True
        if CONNECTION_TEXT.search(str(getattr(exc, "message", "") or exc)):
            return True
        exc = exc.__cause__ or exc.__context__ or getattr(exc, "original_exception", None)
        seen += 1
    return False


def provider_status(exc: BaseException) -> Optional[int]:
    """The HTTP status of a provider's error answer; None for anything that is not one."""
    if not getattr(exc, "llm_provider", None):  # LiteLLM's own 4xx (e.g. an unknown model) has none
        return None
    real = json_int(getattr(getattr(exc, "response", None), "status_code", None))
    mapped = json_int(getattr(exc, "status_code", None))
    status = real if real is not None and real >= 400 else mapped
    return status if status is not None and status >= 400 else None


def provider_error(exc: BaseException) -> tuple:
    """(error.type, error.message) from the provider's JSON inside LiteLLM's text, keys redacted.

    LiteLLM maps Anthropic's 529 to a 500 (litellm_core_utils/exception_mapping_utils.py), so the
    type `overloaded_error` is how the 529 is recovered.
    """
    text = _litellm_text(exc)
    start, end = text.find("{"), text.rfind("}")
    try:
        error = json.loads(text[start : end + 1])["error"] if start >= 0 else None
    except (ValueError, KeyError, TypeError):
        error = None
    if not (isinstance(error, dict) and isinstance(error.get("message"), str)):
        return None, redact(text)[:500]
    kind = error.get("type") if isinstance(error.get("type"), str) else None
    return kind, redact(error["message"])[:500]


def retry_after(exc: BaseException) -> Optional[str]:
    """The provider's retry-after, which LiteLLM drops on /v1/messages."""
    for headers in (getattr(exc, "litellm_response_headers", None), getattr(getattr(exc, "response", None), "headers", None)):
        for key, value in (headers or {}).items():
            if str(key).lower() in ("retry-after", "llm_provider-retry-after"):
                return str(value)
    return None


def _litellm_text(exc: BaseException) -> str:
    """LiteLLM's message without its class prefix, its advice and its fallback note."""
    text = str(getattr(exc, "message", None) or exc).split("\n\nLiteLLM:")[0]
    text = re.sub(r"^litellm\.\w+: (?:\w+(?:Exception|Error) - )?", "", text)
    text = re.sub(r" ssl:(?:<[^>]*>|\S+)", "", text)  # aiohttp's TLS context repr: noise to a client
    return text.replace(". Handle with `litellm.InternalServerError`.", "").strip()


def _detail_text(exc: BaseException) -> str:
    detail = getattr(exc, "detail", None)
    if isinstance(detail, dict):
        detail = detail.get("message") or detail.get("error") or detail
    return str(detail) if detail is not None else _litellm_text(exc)


def _digits(value: Any) -> Optional[int]:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def _is_a(exc: BaseException, module: str, name: str) -> bool:
    """isinstance against a class of a module only if that module is loaded (no import here)."""
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(exc, cls)
