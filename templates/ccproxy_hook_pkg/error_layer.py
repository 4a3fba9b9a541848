"""The ASGI layer around LiteLLM: bounded request bodies and every error response in our shape.

The failure hook classifies an error into the request's Exchange; this layer renders it. Errors that
never reach the failure hook (bad JSON, auth) are rendered from LiteLLM's own response.
"""

import contextvars
import json
import sys
from typing import Optional

from .classify import redact
from .errors import ProxyError, Unknown, ValidationError, error_body, is_anthropic_path
from .json_bytes import compact_json
from .log import log
from .request_body import ClientGone, read_body, replay
from .settings import Settings

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
    """Our body for `err`, with its status and retry-after, keeping the response's other headers."""
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
