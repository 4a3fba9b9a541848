"""ccproxy's LiteLLM hook: ask the ccproxy hook server which model serves each request.

LiteLLM loads this file from the folder of its config.yaml (``litellm_settings.callbacks:
["ccproxy_hook.handler"]``). For every routable request it builds a small summary (never the body,
never headers or keys), sends it to the hook server (docs/hook-protocol.md, version 1), writes the
returned alias into ``data["model"]`` and records the decision in LiteLLM's own metadata.

Settings: ``ccproxy_hook.json`` beside this file, written by ``ccproxy init``::

    {"protocol": 1, "socket": "/abs/hook.sock",        # or "url": "http://127.0.0.1:4100"
     "timeout_ms": 200, "on_failure": "fail_open",     # or "fail_closed"
     "default_alias": "ccproxy-default"}

Environment variables override the file:

    CCPROXY_HOOK_SETTINGS     path of the settings file (default: ccproxy_hook.json beside this file)
    CCPROXY_HOOK_SOCKET       Unix socket of the hook server (replaces socket/url from the file)
    CCPROXY_HOOK_URL          http://host:port of the hook server (replaces socket/url from the file)
    CCPROXY_HOOK_TIMEOUT_MS   hard limit for the whole exchange with the hook server, in ms
    CCPROXY_ON_FAILURE        fail_open (route to default_alias) or fail_closed (HTTP 503)
    CCPROXY_DEFAULT_ALIAS     model_list alias used under fail_open

Only ``async_pre_call_hook`` and ``async_post_call_failure_hook`` are defined here: LiteLLM calls
the first only when the registered class defines it itself, and overriding the streaming hooks would
turn off LiteLLM's per-chunk fast path. Errors reach clients in one shape through ``ErrorLayer``, an
ASGI wrapper around LiteLLM's app (see docs/litellm-facts.md, "Errors").
"""

import asyncio
import contextvars
import json
import logging
import os
import re
import sys
import time
from typing import Any, Optional
from urllib.parse import urlsplit

from fastapi import HTTPException
from litellm.integrations.custom_logger import CustomLogger

try:
    import orjson
except ImportError:  # orjson ships with litellm[proxy]; plain json keeps the hook working without it
    orjson = None

PROTOCOL_VERSION = 1
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SETTINGS_PATH = os.path.join(HERE, "ccproxy_hook.json")
# litellm/constants.py: LITTELM_INTERNAL_HEALTH_SERVICE_ACCOUNT_NAME (sic)
HEALTH_CHECK_TAG = "litellm-internal-health-check"
WARN_INTERVAL_S = 30.0

# A child of LiteLLM's proxy logger, so our lines share its handlers and format.
log = logging.getLogger("LiteLLM Proxy.ccproxy")


# ---------------------------------------------------------------------------------------------
# Errors: the same names, codes and JSON shape as src/errors.ts.


class ProxyError(Exception):
    """Every error a client sees carries a type, a message and an HTTP status code."""

    code = 500

    def __init__(self, message: str, code: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    @property
    def type(self) -> str:
        return type(self).__name__

    def to_json(self) -> dict:
        return {"error": {"type": self.type, "message": self.message, "code": self.code}}


class ValidationError(ProxyError):
    """The request or a settings file is wrong; the caller must fix it (400, or 408/413/415)."""

    code = 400


class UpstreamTimeout(ProxyError):
    """The provider did not answer in time."""

    code = 504


class UpstreamUnavailable(ProxyError):
    """The provider refused or reset the connection."""

    code = 502


class HookUnavailable(ProxyError):
    """The hook server could not decide, and the policy is fail_closed."""

    code = 503


class UpstreamError(ProxyError):
    """The provider answered with an error; its status (429, 529, 401, 500…) is passed through."""

    code = 502

    def __init__(self, message: str, code: Optional[int] = None, retry_after: Optional[str] = None) -> None:
        super().__init__(message, code)
        self.retry_after = retry_after


class Unknown(ProxyError):
    """Anything unexpected: details go to the log, never to the client."""

    code = 500

    def __init__(self, message: str = "internal error; see the ccproxy log") -> None:
        super().__init__(message)


class HookFailure(Exception):
    """The hook server gave no usable decision; the failure policy decides what happens next.

    `bug` marks a 400: the server rejected our summary, which is a ccproxy bug worth an error line.
    """

    def __init__(self, message: str, bug: bool = False) -> None:
        super().__init__(message)
        self.bug = bug


# ---------------------------------------------------------------------------------------------
# Settings.

FAILURE_POLICIES = ("fail_open", "fail_closed")


class Settings:
    """Where the hook server listens, what to do when it cannot answer, and the request limits."""

    __slots__ = (
        "socket", "url", "timeout_ms", "count_timeout_ms", "on_failure", "default_alias",
        "max_body_bytes", "body_timeout_s", "request_timeout_s",
    )

    def __init__(
        self, socket=None, url=None, timeout_ms=200, on_failure="fail_open", default_alias="ccproxy-default",
        max_body_bytes=20_000_000, body_timeout_s=60.0, request_timeout_s=600.0, count_timeout_ms=2000,
    ) -> None:
        self.socket = socket
        self.url = url
        self.timeout_ms = timeout_ms
        self.count_timeout_ms = count_timeout_ms
        self.on_failure = on_failure
        self.default_alias = default_alias
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s
        self.request_timeout_s = request_timeout_s


def load_settings(env=None) -> Settings:
    """Read the settings file, apply the environment, and refuse anything that cannot work.

    Raising here stops LiteLLM at start-up with a message naming the file, instead of failing
    every request later.
    """
    env = os.environ if env is None else env
    path = env.get("CCPROXY_HOOK_SETTINGS") or DEFAULT_SETTINGS_PATH
    raw = _read_settings_file(path)
    if env.get("CCPROXY_HOOK_SOCKET") or env.get("CCPROXY_HOOK_URL"):
        raw.pop("socket", None)
        raw.pop("url", None)
    for key, var in (
        ("socket", "CCPROXY_HOOK_SOCKET"),
        ("url", "CCPROXY_HOOK_URL"),
        ("timeout_ms", "CCPROXY_HOOK_TIMEOUT_MS"),
        ("count_timeout_ms", "CCPROXY_HOOK_COUNT_TIMEOUT_MS"),
        ("on_failure", "CCPROXY_ON_FAILURE"),
        ("default_alias", "CCPROXY_DEFAULT_ALIAS"),
    ):
        if env.get(var):
            raw[key] = env[var]
    return _validated(raw, path)


def _read_settings_file(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            raw = json.loads(f.read())
    except FileNotFoundError:
        return {}
    except ValueError as e:
        raise ValidationError("%s: not valid JSON (%s)" % (path, e)) from None
    if not isinstance(raw, dict):
        raise ValidationError("%s: expected a JSON object" % path)
    return raw


def _validated(raw: dict, path: str) -> Settings:
    def bad(message: str) -> ValidationError:
        return ValidationError("ccproxy hook settings (%s and CCPROXY_* env): %s" % (path, message))

    if raw.get("protocol", PROTOCOL_VERSION) != PROTOCOL_VERSION:
        raise bad("protocol %r is not supported; this hook speaks %d" % (raw.get("protocol"), PROTOCOL_VERSION))
    socket, url = raw.get("socket"), raw.get("url")
    if bool(socket) == bool(url):
        raise bad("set exactly one of socket (CCPROXY_HOOK_SOCKET) or url (CCPROXY_HOOK_URL)")
    if socket and not (isinstance(socket, str) and os.path.isabs(socket)):
        raise bad("socket must be an absolute path, got %r" % (socket,))
    if url and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise bad("url must start with http:// or https://, got %r" % (url,))
    timeout_ms = _milliseconds(raw, "timeout_ms", 200, bad)
    count_timeout_ms = _milliseconds(raw, "count_timeout_ms", 2000, bad)
    on_failure = raw.get("on_failure", "fail_open")
    if on_failure not in FAILURE_POLICIES:
        raise bad("on_failure must be fail_open or fail_closed, got %r" % (on_failure,))
    default_alias = raw.get("default_alias", "ccproxy-default")
    if not (isinstance(default_alias, str) and default_alias):
        raise bad("default_alias must be a non-empty string")
    limits = {key: _positive(raw, key, default, bad) for key, default in LIMIT_DEFAULTS.items()}
    return Settings(
        socket or None, (url or "").rstrip("/") or None, timeout_ms, on_failure, default_alias,
        int(limits["max_body_bytes"]), limits["body_timeout_s"], limits["request_timeout_s"], count_timeout_ms,
    )


def _milliseconds(raw: dict, key: str, default: float, bad) -> float:
    """A positive number of milliseconds (env values arrive as strings)."""
    try:
        value = float(raw.get(key, default))
    except (TypeError, ValueError):
        raise bad("%s must be a number, got %r" % (key, raw.get(key))) from None
    if not value > 0:
        raise bad("%s must be positive, got %r" % (key, raw.get(key)))
    return value


LIMIT_DEFAULTS = {"max_body_bytes": 20_000_000, "body_timeout_s": 60.0, "request_timeout_s": 600.0}


def _positive(raw: dict, key: str, default: float, bad) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise bad("%s must be a positive number, got %r" % (key, value))
    return float(value)


# ---------------------------------------------------------------------------------------------
# The summary (docs/hook-protocol.md): whitelisted fields only.

CALL_TYPES = {
    "anthropic_messages": "messages",
    "aanthropic_messages": "messages",
    "acompletion": "chat",
    "completion": "chat",
    "atext_completion": "completion",
    "text_completion": "completion",
    "aembedding": "embedding",
    "embedding": "embedding",
    "embeddings": "embedding",
    "aresponses": "responses",
    "responses": "responses",
    "count_tokens": "count_tokens",
}

# (system, messages, tools) body keys per call type; None means the section does not exist.
# "other" reads like /v1/messages, as in src/routing/summary.ts, though the hook never sends it.
ANTHROPIC_SECTIONS = ("system", "messages", "tools")
SECTIONS = {
    "messages": ANTHROPIC_SECTIONS,
    "count_tokens": ANTHROPIC_SECTIONS,
    "other": ANTHROPIC_SECTIONS,
    "chat": (None, "messages", "tools"),
    "completion": (None, "prompt", None),
    "embedding": (None, "input", None),
    "responses": ("instructions", "input", "tools"),
}
# Call types the hook asks about. Anything else (images, files, MCP, pass-through…) keeps its
# model: a chat alias would break it.
ROUTED = frozenset(("messages", "chat", "completion", "embedding", "responses"))
SECTION_NAMES = ("system", "messages", "tools")


def normalize_call_type(call_type: Any) -> str:
    """LiteLLM spells call types differently across releases (and passes enums or strings)."""
    return CALL_TYPES.get(getattr(call_type, "value", call_type), "other")


if orjson is not None:

    def compact_json(value: Any) -> bytes:
        """Compact UTF-8 JSON, non-ASCII unescaped: the same bytes as JSON.stringify in the server."""
        try:  # plain JSON first: ~30% faster than with the options below, same bytes
            return orjson.dumps(value)
        except TypeError:  # orjson.JSONEncodeError too: non-string keys, other types, big ints...
            pass
        try:
            return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS, default=str)
        except (TypeError, orjson.JSONEncodeError):  # e.g. integers beyond 64 bits, lone surrogates
            return _stdlib_compact_json(value)

else:

    def compact_json(value: Any) -> bytes:
        """Compact UTF-8 JSON, non-ASCII unescaped: the same bytes as JSON.stringify in the server."""
        return _stdlib_compact_json(value)


def _stdlib_compact_json(value: Any) -> bytes:
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return text.encode("utf-8", "surrogatepass")


def section_json(body: dict, call_type: str) -> tuple:
    """The compact JSON of the system, messages and tools sections; b"" where absent."""
    keys = SECTIONS[call_type]
    return tuple(b"" if key is None or body.get(key) is None else compact_json(body[key]) for key in keys)


def build_summary(body: dict, call_type: str, sections: tuple) -> dict:
    """The RouteSummary for one request: what rules need, nothing more (no headers, no keys)."""
    summary = {"v": PROTOCOL_VERSION, "call_type": call_type, "model": _str_or_empty(body.get("model"))}
    if isinstance(body.get("stream"), bool):
        summary["stream"] = body["stream"]
    max_tokens = _max_tokens(body, call_type)
    if max_tokens is not None:
        summary["max_tokens"] = max_tokens
    thinking = _thinking(body.get("thinking"))
    if thinking is not None:
        summary["thinking"] = thinking
    effort = _effort(body, call_type)
    if effort is not None:
        summary["effort"] = effort
    tools_key = SECTIONS[call_type][2]
    if tools_key is not None and isinstance(body.get(tools_key), list):
        summary["tools"] = [_tool_ref(tool) for tool in body[tools_key]]
    summary["bytes"] = dict(zip(SECTION_NAMES, map(len, sections)))
    return summary


def section_texts(sections: tuple) -> dict:
    """The `text` field of the second round: the same compact JSON strings the sizes came from."""
    return dict(zip(SECTION_NAMES, (s.decode("utf-8", "surrogatepass") for s in sections)))


def _str_or_empty(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _int(value: Any) -> Optional[int]:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _first_present(body: dict, keys: tuple) -> Any:
    """The first key that is present and not null, like `a ?? b` in TypeScript."""
    for key in keys:
        if body.get(key) is not None:
            return body[key]
    return None


MAX_TOKENS_KEYS = {"responses": ("max_output_tokens",), "chat": ("max_completion_tokens", "max_tokens")}


def _max_tokens(body: dict, call_type: str) -> Optional[int]:
    return _int(_first_present(body, MAX_TOKENS_KEYS.get(call_type, ("max_tokens",))))


def _thinking(thinking: Any) -> Optional[dict]:
    if not isinstance(thinking, dict) or not isinstance(thinking.get("type"), str):
        return None
    out = {"type": thinking["type"]}
    budget = _int(thinking.get("budget_tokens"))
    if budget is not None:
        out["budget_tokens"] = budget
    return out


def _effort(body: dict, call_type: str) -> Optional[str]:
    """reasoning_effort (chat), reasoning.effort (responses), output_config.effort (Anthropic)."""
    if call_type == "chat":
        effort = body.get("reasoning_effort")
    elif call_type == "responses":
        effort = _get(body.get("reasoning"), "effort")
    elif call_type in ("messages", "count_tokens", "other"):
        effort = _get(body.get("output_config"), "effort")
    else:
        effort = None
    return effort if isinstance(effort, str) else None


def _get(container: Any, key: str) -> Any:
    return container.get(key) if isinstance(container, dict) else None


def _tool_ref(tool: Any) -> dict:
    """A tool's name and type only; schemas are counted in bytes.tools, never sent."""
    ref = {}
    if not isinstance(tool, dict):
        return ref
    name = tool.get("name")
    if not isinstance(name, str):
        name = _get(tool.get("function"), "name")
    if isinstance(name, str):
        ref["name"] = name
    if isinstance(tool.get("type"), str):
        ref["type"] = tool["type"]
    return ref


# ---------------------------------------------------------------------------------------------
# Talking to the hook server.


def _loads(raw: bytes) -> Any:
    return orjson.loads(raw) if orjson is not None else json.loads(raw)


def parse_decision(status: int, raw: bytes) -> dict:
    """The server's answer as a dict, or HookFailure naming what was wrong with it."""
    if status == 400:
        server_says = raw[:300].decode("utf-8", "replace")
        raise HookFailure("HTTP 400, summary rejected (a ccproxy bug): %s" % server_says, bug=True)
    if status != 200:
        raise HookFailure("HTTP %d" % status)
    try:
        answer = _loads(raw)
    except ValueError:
        raise HookFailure("answer is not JSON") from None
    if not isinstance(answer, dict):
        raise HookFailure("answer is not a JSON object")
    if answer.get("need") == "text":
        return answer
    for key in ("label", "alias", "model", "reason"):
        if not isinstance(answer.get(key), str):
            raise HookFailure("answer has no string %r" % key)
    if answer.get("rule") is not None and not isinstance(answer["rule"], str):
        raise HookFailure("answer has a non-string 'rule'")
    return answer


class RateLimitedLog:
    """One log line per interval under an outage, with a count of what it held back."""

    def __init__(self, level: int = logging.WARNING, interval_s: float = WARN_INTERVAL_S) -> None:
        self.level = level
        self.interval_s = interval_s
        self.last = float("-inf")
        self.suppressed = 0

    def emit(self, message: str) -> None:
        now = time.monotonic()
        if now - self.last < self.interval_s:
            self.suppressed += 1
            return
        if self.suppressed:
            message += " (%d more like it since the last one)" % self.suppressed
        log.log(self.level, message)
        self.last, self.suppressed = now, 0


if hasattr(asyncio, "timeout"):  # Python 3.11+: a timer on the running task, no extra task per call

    async def _within(awaitable, seconds: float) -> Any:
        async with asyncio.timeout(seconds):
            return await awaitable

else:
    _within = asyncio.wait_for  # same signature: (awaitable, seconds)

MAX_ANSWER_BYTES = 1024 * 1024
IDLE_CONNECTIONS = 8  # kept per process; a burst beyond that opens extra connections, then closes them


def response_head(head: bytes) -> tuple:
    """(status, Content-Length, keep-alive) of an HTTP/1.x response head; ValueError for anything else."""
    lines = head.split(b"\r\n")
    version, _, rest = lines[0].partition(b" ")
    if not version.startswith(b"HTTP/1."):
        raise ValueError("not an HTTP/1.x answer: %r" % lines[0][:40])
    status, length, keep = int(rest[:3]), None, version == b"HTTP/1.1"
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            keep = value.strip().lower() == b"keep-alive"
        elif name == b"transfer-encoding":
            raise ValueError("answer is not framed by Content-Length")
    if length is None or not 0 <= length <= MAX_ANSWER_BYTES:
        raise ValueError("answer has no usable Content-Length (%r)" % length)
    return status, length, keep


class HookClient:
    """Keep-alive HTTP/1.1 to the hook server on asyncio streams: pooled connections, one request in
    flight on each, Content-Length framing, one deadline per decision.

    aiohttp cost ~3x the CPU per call inside LiteLLM (timeout timers, tracing, cookie jar, header
    objects, an extra task); the hook server speaks exactly this subset (docs/hook-protocol.md).
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.timeout_s = settings.timeout_ms / 1000.0
        if settings.socket:
            self.where, host, path = "unix socket %s" % settings.socket, "ccproxy-hook", ""
        else:
            parts = urlsplit(settings.url)
            self.where, host, path = settings.url, parts.netloc, parts.path
            self.tcp = (parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), parts.scheme == "https")
        self.head = b"POST %s/v1/route HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: " % (
            path.encode("latin-1"), host.encode("latin-1"))
        self._idle = []  # (reader, writer) of keep-alive connections, most recent last
        self._loop = None

    async def decide(self, summary: dict, sections: tuple) -> dict:
        """Ask once; if the server wants the text, ask again with it.

        The text round has its own, longer deadline (count_timeout_ms): it only happens near a token
        threshold, carries the request's text and counts it exactly (tens of ms on a 600 KB body).
        """
        answer = await self._post(summary, time.monotonic() + self.timeout_s, self.settings.timeout_ms)
        if answer.get("need") == "text":
            deadline = time.monotonic() + self.settings.count_timeout_ms / 1000.0
            answer = await self._post(dict(summary, text=section_texts(sections)), deadline, self.settings.count_timeout_ms)
            if answer.get("need") == "text":
                raise HookFailure("asked for text twice")
        return answer

    async def _post(self, summary: dict, deadline: float, budget_ms: float) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise HookFailure("timed out after %g ms" % budget_ms)
        body = compact_json(summary)
        try:
            status, raw = await _within(self._exchange(b"%s%d\r\n\r\n%s" % (self.head, len(body), body)), remaining)
        except asyncio.TimeoutError:  # not the builtin TimeoutError on Python 3.10
            raise HookFailure("timed out after %g ms" % budget_ms) from None
        except (OSError, EOFError, ValueError, asyncio.LimitOverrunError) as e:
            raise HookFailure("%s: %s" % (type(e).__name__, e)) from None
        return parse_decision(status, raw)

    async def _exchange(self, request: bytes) -> tuple:
        """Send one request, read one answer; a connection the server closed while idle is retried once."""
        for fresh in (False, True):
            reader, writer, reused = await self._connection(fresh)
            try:
                writer.write(request)
                status, length, keep = response_head(await reader.readuntil(b"\r\n\r\n"))
                raw = await reader.readexactly(length)
            except (ConnectionError, asyncio.IncompleteReadError) as e:
                writer.transport.abort()
                if reused and not getattr(e, "partial", b""):
                    continue
                raise
            except BaseException:  # includes the deadline's cancellation: the answer may still come
                writer.transport.abort()
                raise
            if keep and len(self._idle) < IDLE_CONNECTIONS:
                self._idle.append((reader, writer))
            else:
                writer.transport.abort()
            return status, raw
        raise AssertionError("unreachable")

    async def _connection(self, fresh: bool) -> tuple:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # connections belong to one loop (tests, a restarted worker)
            self._idle, self._loop = [], loop
        while self._idle and not fresh:
            reader, writer = self._idle.pop()
            if not reader.at_eof() and not writer.transport.is_closing():
                return reader, writer, True
            writer.transport.abort()
        try:
            if self.settings.socket:
                reader, writer = await asyncio.open_unix_connection(self.settings.socket)
            else:
                host, port, tls = self.tcp
                reader, writer = await asyncio.open_connection(host, port, ssl=tls or None)
        except OSError as e:
            raise HookFailure("Cannot connect to %s: %s" % (self.where, e)) from None
        return reader, writer, False

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for _, writer in idle:
            writer.close()


# ---------------------------------------------------------------------------------------------
# The LiteLLM callback.


def is_health_check(user_api_key_dict: Any, data: dict) -> bool:
    """LiteLLM's own health checks: its service account, or its tag in the metadata."""
    if getattr(user_api_key_dict, "api_key", None) == HEALTH_CHECK_TAG:
        return True
    for key in ("litellm_metadata", "metadata"):
        meta = data.get(key)
        if isinstance(meta, dict) and HEALTH_CHECK_TAG in (meta.get("tags") or ()):
            return True
    return False


def litellm_metadata(data: dict) -> Optional[dict]:
    """LiteLLM's own metadata dict for this request, the one it never forwards upstream.

    Same rule as litellm.litellm_core_utils.core_helpers.get_metadata_variable_name_from_kwargs:
    `litellm_metadata` on /v1/messages and /v1/responses (where `metadata` is the client's and goes
    to the provider); `metadata` on chat, completions and embeddings, where LiteLLM merges its own
    keys into it and keeps the client's copy in metadata.requester_metadata.
    """
    meta = data.get("litellm_metadata") if "litellm_metadata" in data else data.get("metadata")
    return meta if isinstance(meta, dict) else None


class Rejection(HTTPException):
    """What the pre-call hook raises: LiteLLM's way to stop a request, carrying our typed error."""

    def __init__(self, err: ProxyError) -> None:
        super().__init__(status_code=err.code, detail=err.to_json()["error"])
        self.error = err


# ---------------------------------------------------------------------------------------------
# Request validation: the caller's mistakes LiteLLM would pass on, or answer with a 500.

MAX_TOKENS_LIMIT = 1_000_000
LISTS = {"messages": "messages", "chat": "messages"}


def validate_request(data: dict, call_type: str) -> None:
    """Raise ValidationError naming the first field that no provider could accept."""
    model = data.get("model")
    if not isinstance(model, str) or not model.strip():
        raise ValidationError("`model` is required: a non-empty string naming the model")
    key = LISTS.get(call_type)
    if key is not None:
        value = data.get(key)
        if not isinstance(value, list):
            raise ValidationError("`%s` must be an array of messages, got %s" % (key, _json_type(value)))
        if not value:
            raise ValidationError("`%s` must contain at least one message" % key)
    for name in MAX_TOKENS_KEYS.get(call_type, ("max_tokens",)):
        value = data.get(name)
        if value is not None and not (_int(value) is not None and 1 <= value <= MAX_TOKENS_LIMIT):
            raise ValidationError("`%s` must be an integer from 1 to %d, got %s" % (name, MAX_TOKENS_LIMIT, _short(value)))


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "nothing"}
    return names.get(type(value), "a number")


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------------------------------------
# Classifying failures: ours keep their type, the provider's keep their status, the rest is Unknown.

SECRET = re.compile(r"(?:sk|pk|rk)-[A-Za-z0-9_*.\-]{6,}|Bearer\s+[^\s\"']+", re.I)


def redact(text: str) -> str:
    """Keys never reach the client, even when a provider echoes part of one."""
    return SECRET.sub("[redacted]", text)


def classify(exc: BaseException, target: str, request_timeout_s: float) -> ProxyError:
    """The ProxyError a client sees for any exception LiteLLM reports to the failure hook."""
    if isinstance(exc, Rejection):
        return exc.error
    if isinstance(exc, ProxyError):
        return exc
    if _is_litellm(exc, "Timeout") or _is_a(exc, "httpx", "TimeoutException"):
        return UpstreamTimeout("%s did not answer within %gs (proxy.request_timeout_s)" % (target, request_timeout_s))
    if connection_failed(exc):
        return UpstreamUnavailable("connection to %s failed: %s" % (target, redact(_litellm_text(exc))[:300]))
    status = provider_status(exc)
    if status is not None:
        kind, message = provider_error(exc)
        status = 529 if kind == "overloaded_error" else status
        text = "%s answered HTTP %d: %s" % (target, status, "%s: %s" % (kind, message) if kind else message)
        return UpstreamError(text, status, retry_after(exc))
    own = _int(getattr(exc, "status_code", None)) or _digits(getattr(exc, "code", None))
    if own is not None and 400 <= own < 500:
        return ValidationError(redact(_detail_text(exc))[:500], own)
    return Unknown()


CONNECTION_FAILURES = (("litellm", "APIConnectionError"), ("httpx", "TransportError"),
                       ("aiohttp", "ClientConnectionError"), ("aiohttp", "ClientPayloadError"))
# LiteLLM sometimes wraps a refused connection in a 500 whose only trace is aiohttp's text.
CONNECTION_TEXT = re.compile(r"Cannot connect to host|Connect call failed|Connection refused|Response payload is not completed")


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


def _is_litellm(exc: BaseException, name: str) -> bool:
    return _is_a(exc, "litellm", name)


def _is_a(exc: BaseException, module: str, name: str) -> bool:
    cls = getattr(sys.modules.get(module), name, None)
    return isinstance(cls, type) and isinstance(exc, cls)


def provider_status(exc: BaseException) -> Optional[int]:
    """The HTTP status of a provider's error answer; None for anything that is not one."""
    if not getattr(exc, "llm_provider", None):  # LiteLLM's own 4xx (e.g. an unknown model) has none
        return None
    real = _int(getattr(getattr(exc, "response", None), "status_code", None))
    mapped = _int(getattr(exc, "status_code", None))
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


def retry_after(exc: BaseException) -> Optional[str]:
    """The provider's retry-after, which LiteLLM drops on /v1/messages."""
    for headers in (getattr(exc, "litellm_response_headers", None), getattr(getattr(exc, "response", None), "headers", None)):
        for key, value in (headers or {}).items():
            if str(key).lower() in ("retry-after", "llm_provider-retry-after"):
                return str(value)
    return None


# ---------------------------------------------------------------------------------------------
# Rendering: one shape, {"error": {"type", "message", "code"}}, in each route family's envelope.


def is_anthropic_path(path: str) -> bool:
    return path.startswith(("/v1/messages", "/messages"))


def error_body(err: ProxyError, anthropic: bool) -> dict:
    """Anthropic clients need the top-level "type": "error"; OpenAI clients expect `param`."""
    if anthropic:
        return {"type": "error", **err.to_json()}
    return {"error": dict(err.to_json()["error"], param=None)}


def shape_stream_frame(exc: BaseException, err: ProxyError, anthropic: bool) -> None:
    """After the first byte LiteLLM writes the exception itself as the final SSE frame.

    On /v1/messages it passes a message that already is an Anthropic error JSON through unchanged
    (anthropic_interface/exceptions/exception_mapping_utils.py transform_to_anthropic_error), so the
    frame becomes `event: error` + our body; on OpenAI routes it reads `message`, `type` and the status.
    """
    message = json.dumps(error_body(err, True)) if anthropic else err.message
    for name, value in (("message", message), ("type", err.type), ("status_code", err.code),
                        ("provider_specific_fields", None)):
        try:
            setattr(exc, name, value)
        except Exception:  # a read-only attribute keeps LiteLLM's own value
            pass


# ---------------------------------------------------------------------------------------------
# The ASGI layer around LiteLLM: bounded request bodies and every error response in our shape.

JSON_API_PATHS = frozenset(
    prefix + path
    for prefix in ("", "/v1")
    for path in ("/messages", "/chat/completions", "/completions", "/embeddings", "/responses")
)


class Exchange:
    """Per request: the failure hook records the classified error here, the layer renders it."""

    __slots__ = ("error",)

    def __init__(self) -> None:
        self.error: Optional[ProxyError] = None


# Child tasks copy the context, so the hook sees the same Exchange object the layer created.
current_exchange: contextvars.ContextVar = contextvars.ContextVar("ccproxy_exchange", default=None)


class ClientGone(Exception):
    """The client disconnected while sending its body: nobody is left to answer."""


class ErrorLayer:
    """Outermost ASGI app: LiteLLM has no hook that sees every error response, so this one does."""

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") not in JSON_API_PATHS:
            return await self.app(scope, receive, send)
        anthropic = is_anthropic_path(scope["path"])
        try:
            body = await read_body(scope, receive, self.settings) if scope["method"] == "POST" else None
        except ProxyError as err:
            return await send_error(send, err, anthropic, [(b"connection", b"close")])
        except ClientGone:
            return None
        exchange = Exchange()
        token = current_exchange.set(exchange)
        try:
            inner_receive = receive if body is None else replay(body, receive)
            await self.app(scope, inner_receive, ErrorResponse(send, exchange, anthropic))
        finally:
            current_exchange.reset(token)


def _header(scope, name: bytes) -> Optional[str]:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


async def read_body(scope, receive, settings: Settings) -> bytes:
    """The whole body, or a 4xx: not JSON (415), too large (413), or too slow (408, slowloris)."""
    content_type = _header(scope, b"content-type")
    if content_type is not None and "json" not in content_type.lower():
        raise ValidationError("content-type must be application/json, got %r" % content_type[:60], 415)
    limit = settings.max_body_bytes
    declared = _header(scope, b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.body_timeout_s
    chunks, size = [], 0
    while True:
        try:
            message = await asyncio.wait_for(receive(), max(deadline - loop.time(), 0))
        except asyncio.TimeoutError:
            raise ValidationError(
                "request body incomplete after %gs (%d bytes received; proxy.body_timeout_s)" % (settings.body_timeout_s, size),
                408,
            ) from None
        if message["type"] == "http.disconnect":
            raise ClientGone()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
        if not message.get("more_body"):
            return _utf8_checked(b"".join(chunks))


def _utf8_checked(body: bytes) -> bytes:
    """LiteLLM reads a body that is not UTF-8 as an empty request; name the real problem instead."""
    if body.isascii():  # no allocation; decoding 76 KB costs ~20 µs
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValidationError("request body is not valid UTF-8 (byte %d)" % e.start) from None
    return body


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError("request body is larger than %d bytes (proxy.max_body_bytes); got %d" % (limit, size), 413)


def replay(body: bytes, receive):
    """Hands LiteLLM the body already read; later calls wait on the client (disconnect detection)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed():
        return pending.pop() if pending else await receive()

    return replayed


class ErrorResponse:
    """Wraps `send`: a response with status >= 400 is replaced by our body for the same error."""

    def __init__(self, send, exchange: Exchange, anthropic: bool) -> None:
        self.send = send
        self.exchange = exchange
        self.anthropic = anthropic
        self.start = None
        self.chunks = []

    async def __call__(self, message) -> None:
        if message["type"] == "http.response.start":
            encoded = any(key.lower() == b"content-encoding" for key, _ in message.get("headers", ()))
            if message["status"] < 400 or encoded:
                return await self.send(message)
            self.start = message
            return None
        if self.start is None or message["type"] != "http.response.body":
            return await self.send(message)
        self.chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return None
        err = self.exchange.error or error_from_response(self.start["status"], b"".join(self.chunks))
        await send_error(self.send, err, self.anthropic, self.start.get("headers", ()))


def error_from_response(status: int, raw: bytes) -> ProxyError:
    """Errors that never reached the failure hook (bad JSON, auth): LiteLLM's message, our shape."""
    try:
        body = json.loads(raw)
        error = body.get("error", body) if isinstance(body, dict) else body
        message = error.get("message") or error.get("detail") if isinstance(error, dict) else error
    except ValueError:
        message = raw.decode("utf-8", "replace")
    if status >= 500:
        log.error("ccproxy: LiteLLM answered %d outside the failure hook: %s", status, raw[:500])
        return Unknown()
    return ValidationError(redact(str(message))[:500], status)


async def send_error(send, err: ProxyError, anthropic: bool, headers=()) -> None:
    body = compact_json(error_body(err, anthropic))
    dropped = (b"content-length", b"content-type", b"retry-after")
    out = [(k, v) for k, v in headers if k.lower() not in dropped]
    out += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if getattr(err, "retry_after", None):
        out.append((b"retry-after", err.retry_after.encode("latin-1")))
    await send({"type": "http.response.start", "status": err.code, "headers": out})
    await send({"type": "http.response.body", "body": body})


def install_error_layer(settings: Settings) -> None:
    """Wrap the running proxy's app once; outside the proxy (tests, tools) there is nothing to wrap."""
    app = getattr(sys.modules.get("litellm.proxy.proxy_server"), "app", None)
    if app is None or getattr(app.state, "ccproxy_error_layer", False):
        return
    if app.middleware_stack is None:
        app.add_middleware(ErrorLayer, settings=settings)
    else:  # already started: the stack is built, so wrap it (Starlette calls self.middleware_stack)
        app.middleware_stack = ErrorLayer(app.middleware_stack, settings)
    app.state.ccproxy_error_layer = True


class CCProxyHandler(CustomLogger):
    """Routes each request to the model alias the ccproxy hook server picks."""

    def __init__(self, settings: Optional[Settings] = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else load_settings()
        self.client = HookClient(self.settings)
        self.outage_log = RateLimitedLog(logging.WARNING)
        self.bug_log = RateLimitedLog(logging.ERROR)

    async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):
        """The boundary: our errors keep their type, anything else becomes Unknown (logged)."""
        try:
            return await self.route(user_api_key_dict, data, normalize_call_type(call_type))
        except ProxyError as err:
            raise Rejection(err) from None
        except Exception:
            log.exception("ccproxy hook: unexpected error while routing")
            raise Rejection(Unknown()) from None

    async def async_post_call_failure_hook(self, request_data, original_exception, user_api_key_dict, traceback_str=None):
        """Every failure LiteLLM reports, classified once; the ErrorLayer and the stream frame show it.

        Returning an HTTPException would not help: /v1/messages ignores the return value, and a
        streaming response re-raises it mid-stream (litellm/proxy/common_request_processing.py).
        """
        target = "%s" % (request_data.get("model") or "the provider")
        err = classify(original_exception, target, self.settings.request_timeout_s)
        if isinstance(err, Unknown) and not isinstance(original_exception, Rejection):
            log.error("ccproxy: unexpected failure answered as Unknown", exc_info=original_exception)
        exchange = current_exchange.get()
        if exchange is not None:
            exchange.error = err
        path = _request_path(request_data)
        shape_stream_frame(original_exception, err, is_anthropic_path(path))
        return None

    async def route(self, user_api_key_dict: Any, data: dict, call_type: str) -> dict:
        """Summarize, ask, apply. Non-routable call types and health checks pass untouched."""
        if call_type not in ROUTED or is_health_check(user_api_key_dict, data):
            return data
        validate_request(data, call_type)
        sections = section_json(data, call_type)
        summary = build_summary(data, call_type, sections)
        try:
            decision = await self.client.decide(summary, sections)
        except HookFailure as failure:
            decision = self.on_failure(failure)
        data["model"] = decision["alias"]
        meta = litellm_metadata(data)
        if meta is not None:
            meta["ccproxy"] = {key: decision.get(key) for key in ("label", "rule", "reason", "model")}
        return data

    def on_failure(self, failure: HookFailure) -> dict:
        """Log (rate-limited), then fail_closed: HTTP 503, or fail_open: the default alias."""
        reason = "hook server unavailable: %s" % failure
        fail_closed = self.settings.on_failure == "fail_closed"
        alias = self.settings.default_alias
        outcome = "answering 503 (fail_closed)" if fail_closed else "routing to %s (fail_open)" % alias
        (self.bug_log if failure.bug else self.outage_log).emit("ccproxy %s; %s" % (reason, outcome))
        if fail_closed:
            raise HookUnavailable("ccproxy %s" % reason)
        return {"label": None, "rule": None, "reason": reason, "model": None, "alias": alias}


def _request_path(request_data: dict) -> str:
    url = (request_data.get("proxy_server_request") or {}).get("url") or ""
    return urlsplit(str(url)).path


handler = CCProxyHandler()
install_error_layer(handler.settings)
