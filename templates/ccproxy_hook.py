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

Only ``async_pre_call_hook`` is defined here: LiteLLM calls it only when the registered class
defines it itself, and overriding the streaming hooks would turn off LiteLLM's per-chunk fast path.
"""

import asyncio
import json
import logging
import os
import time
from typing import Any, Optional

import aiohttp
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
    """The request or a settings file is wrong; the caller must fix it."""

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
    """Where the hook server listens and what to do when it cannot answer."""

    __slots__ = ("socket", "url", "timeout_ms", "on_failure", "default_alias")

    def __init__(
        self, socket=None, url=None, timeout_ms=200, on_failure="fail_open", default_alias="ccproxy-default"
    ) -> None:
        self.socket = socket
        self.url = url
        self.timeout_ms = timeout_ms
        self.on_failure = on_failure
        self.default_alias = default_alias


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
    try:
        timeout_ms = float(raw.get("timeout_ms", 200))
    except (TypeError, ValueError):
        raise bad("timeout_ms must be a number, got %r" % (raw.get("timeout_ms"),)) from None
    if not timeout_ms > 0:
        raise bad("timeout_ms must be positive, got %r" % (raw.get("timeout_ms"),))
    on_failure = raw.get("on_failure", "fail_open")
    if on_failure not in FAILURE_POLICIES:
        raise bad("on_failure must be fail_open or fail_closed, got %r" % (on_failure,))
    default_alias = raw.get("default_alias", "ccproxy-default")
    if not (isinstance(default_alias, str) and default_alias):
        raise bad("default_alias must be a non-empty string")
    return Settings(socket or None, (url or "").rstrip("/") or None, timeout_ms, on_failure, default_alias)


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


class HookClient:
    """One pooled keep-alive HTTP client per process, created inside the running event loop."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.route_url = (settings.url or "http://ccproxy-hook") + "/v1/route"
        self.timeout_s = settings.timeout_ms / 1000.0
        self._session = None
        self._loop = None

    def session(self) -> aiohttp.ClientSession:
        """aiohttp sessions belong to one loop; a new loop (tests, a restarted worker) gets a new one."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._loop is not loop or self._session.closed:
            if self.settings.socket:
                connector = aiohttp.UnixConnector(path=self.settings.socket)
            else:
                connector = aiohttp.TCPConnector()
            self._session = aiohttp.ClientSession(connector=connector)
            self._loop = loop
        return self._session

    async def decide(self, summary: dict, sections: tuple) -> dict:
        """Ask once; if the server wants the text, ask again with it. One deadline covers both."""
        deadline = time.monotonic() + self.timeout_s
        answer = await self._post(summary, deadline)
        if answer.get("need") == "text":
            answer = await self._post(dict(summary, text=section_texts(sections)), deadline)
            if answer.get("need") == "text":
                raise HookFailure("asked for text twice")
        return answer

    async def _post(self, summary: dict, deadline: float) -> dict:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise HookFailure("timed out after %g ms" % self.settings.timeout_ms)
        try:
            async with self.session().post(
                self.route_url,
                data=compact_json(summary),
                headers={"content-type": "application/json"},
                timeout=aiohttp.ClientTimeout(total=remaining),
            ) as response:
                raw = await response.read()
                status = response.status
        except asyncio.TimeoutError:  # not the builtin TimeoutError on Python 3.10
            raise HookFailure("timed out after %g ms" % self.settings.timeout_ms) from None
        except (aiohttp.ClientError, OSError) as e:
            raise HookFailure("%s: %s" % (type(e).__name__, e)) from None
        return parse_decision(status, raw)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


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


def http_exception(err: ProxyError) -> HTTPException:
    """LiteLLM turns an HTTPException from a pre-call hook into the route's own error shape."""
    return HTTPException(status_code=err.code, detail=err.to_json()["error"])


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
            raise http_exception(err) from None
        except Exception:
            log.exception("ccproxy hook: unexpected error while routing")
            raise http_exception(Unknown()) from None

    async def route(self, user_api_key_dict: Any, data: dict, call_type: str) -> dict:
        """Summarize, ask, apply. Non-routable call types and health checks pass untouched."""
        if call_type not in ROUTED or is_health_check(user_api_key_dict, data):
            return data
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


handler = CCProxyHandler()
