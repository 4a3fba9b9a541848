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
# A 404 that says the model is unknown (OpenAI, Anthropic, Gemini, Ollama wordings); any other 404 means the URL is wrong.
MODEL_NOT_FOUND = re.compile(r"model.*(?:not[ _]found|does not exist|not exist|pulling it)|not[ _]found.*model|^model: ", re.I | re.S)
# Where LiteLLM appends its path to api_base, per wire API (src/providers/wire-api.ts names the APIs).
ENDPOINT_FIX = {
    "responses": "if this server speaks only chat completions (llama.cpp, LM Studio, vLLM without /v1/responses, "
                 "Ollama's /v1), set `api: chat` on targets.{label} in ccproxy.yaml, then `ccproxy restart`",
    "chat": "check targets.{label}.api_base in ccproxy.yaml: LiteLLM appends /chat/completions to it, so it usually "
            "ends in /v1",
    "messages": "check targets.{label}.api_base in ccproxy.yaml: LiteLLM appends /v1/messages to it",
    "gemini": "check targets.{label}.api_base in ccproxy.yaml: LiteLLM appends /models/<model>:generateContent, so it "
              "ends in the API version (https://generativelanguage.googleapis.com/v1beta), or remove it",
    "ollama": "check targets.{label}.api_base in ccproxy.yaml: the Ollama server's root (http://127.0.0.1:11434); "
              "LiteLLM appends /api/chat",
}
# A provider refusing a field of the request (OpenAI, Gemini, Ollama, pydantic-based servers' wordings).
REJECTED_FIELD = re.compile(r"Unrecognized request argument|Unknown name|does not support thinking|Extra inputs are not "
                            r"permitted|Unsupported parameter|unknown field", re.I)


def classify(exc: BaseException, target: str, request_timeout_s: float, info: Any = None) -> ProxyError:
    """The ProxyError a client sees for any exception LiteLLM reports to the failure hook.

    `info` is the target's TargetInfo (targets.py) when known: it names the label, the API and the fix.
    """
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
        quoted = "%s: %s" % (kind, message) if kind else message
        if status == 404 and not MODEL_NOT_FOUND.search("%s %s" % (kind or "", message)):
            return UpstreamError(endpoint_missing(target, info, failed_url(exc), quoted), 502)
        text = "%s answered HTTP %d: %s" % (target, status, quoted)
        if status == 400 and REJECTED_FIELD.search(message):
            text += (" (Claude Code sent a field this provider does not take; ccproxy drops the known ones, see the "
                     "README's \"Other providers\": report this one)")
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


def endpoint_missing(target: str, info: Any, url: Optional[str], quoted: str) -> str:
    """A 404 for the URL, not the model: Claude Code would read a 404 as "your model does not exist"."""
    label = getattr(info, "label", None)
    api = getattr(info, "api", None)
    where = url or getattr(info, "url", None) or "its endpoint"
    who = "target %s (%s, %s)" % (label, info.model, info.api_name) if info is not None else target
    fix = ENDPOINT_FIX.get(api, "check targets.{label}.model and api_base in ccproxy.yaml").format(label=label or "<label>")
    if api == "chat" and info is not None and info.model.startswith("openai/") and not info.api_set:
        fix += "; or, if it speaks only the Responses API, set `api: responses` there"
    return "%s: POST %s answered HTTP 404 (%s): the server has no such endpoint. Likely fix: %s" % (
        who, redact_url(where), redact(quoted)[:200], fix)


def failed_url(exc: BaseException) -> Optional[str]:
    """The URL the provider answered for: LiteLLM's outer exceptions carry placeholder URLs, the HTTP error its own."""
    seen = 0
    while exc is not None and seen < 10:
        if _is_a(exc, "httpx", "HTTPStatusError"):
            return str(exc.request.url)
        exc = exc.__cause__ or exc.__context__ or getattr(exc, "original_exception", None)
        seen += 1
    return None


def redact_url(url: str) -> str:
    """A key in the query string (Gemini accepts ?key=) never reaches the client."""
    return re.sub(r"([?&](?:key|api_key|token)=)[^&]*", r"\1[redacted]", url)


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
