"""The ASGI layer around LiteLLM: bounded request bodies and every error response in our shape.

The failure hook classifies an error into the request's Exchange; this layer renders it. Errors that
never reach the failure hook (bad JSON, auth) are rendered from LiteLLM's own response.
"""

import contextvars
import json
import os
from typing import Optional

from .classify import client_error, redact
from .errors import NotFound, ProxyError, Unknown, ValidationError, error_body, is_anthropic_path
from .fallbacks import served_by
from .oauth import admitted, carries_oauth_token, keyless_allowed
from .proxy_globals import proxy_global
from .json_bytes import compact_json
from .log import log
from .request_body import ClientGone, read_body, replay
from .routes import is_api_path, is_documented, is_readiness
from .settings import Settings
from .slim import after_start_up

BODY_METHODS = frozenset(("POST", "PUT", "PATCH"))


class Exchange:
    """Per request: the failure hook records the classified error here, the layer renders it.

    `oauth` marks a Claude subscription request, so the hook serves it only with targets that take the token.
    `route` (the label the rules chose) and `attempts` (each failed deployment attempt) belong to
    fallbacks.py: they name the target that served and the last error of an exhausted chain.
    """

    __slots__ = ("error", "oauth", "route", "attempts")

    def __init__(self, oauth: bool = False) -> None:
        self.error: Optional[ProxyError] = None
        self.oauth = oauth
        self.route: Optional[str] = None
        self.attempts: Optional[list] = None


# Child tasks copy the context, so the hook sees the same Exchange object the layer created.
current_exchange: contextvars.ContextVar = contextvars.ContextVar("ccproxy_exchange", default=None)


class ErrorLayer:
    """Outermost ASGI app: closes the routes ccproxy does not document, bounds every body, admits subscription
    requests from loopback, and renders every error response of the API routes in our shape."""

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.slimmed = False

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if not self.slimmed:  # the first request comes after LiteLLM's start-up (its proxy hooks, its imports)
            self.slimmed = True
            log.info("ccproxy: %s (slim.py)", after_start_up())
        path = scope["path"]
        api = is_api_path(path)
        anthropic = is_anthropic_path(path)
        if is_readiness(path) and draining(self.settings):
            return await send_json(send, 503, {"status": "draining"})
        if not (is_documented(path) or self.settings.expose_litellm_routes):
            return await send_error(send, NotFound("no such route: %s %s" % (scope["method"], path[:200])), anthropic)
        try:
            body = await read_body(scope, receive, self.settings, json_only=api) if scope["method"] in BODY_METHODS else None
        except ProxyError as err:
            return await send_error(send, err, anthropic, [(b"connection", b"close")])
        except ClientGone:
            return None
        oauth = carries_oauth_token(scope)
        if oauth and keyless_allowed(scope, self.settings.listen_host, self.settings.cluster):
            scope = admitted(scope)
        inner_receive = receive if body is None else replay(body, receive)
        if not api:
            return await self.app(scope, inner_receive, send)
        exchange = Exchange(oauth)
        token = current_exchange.set(exchange)
        responder = ErrorResponse(send, exchange, anthropic)
        try:
            await self.app(scope, inner_receive, responder)
        except Exception as exc:  # raised past LiteLLM's handlers (its auth does, with no key): Starlette would answer text
            if responder.started:
                raise
            await send_error(send, escaped_error(scope, exc), anthropic)
        finally:
            current_exchange.reset(token)


CREDENTIAL_HEADERS = frozenset((b"authorization", b"x-api-key", b"x-litellm-api-key", b"api-key"))


def escaped_error(scope, exc: Exception) -> ProxyError:
    """An exception no handler turned into a response: a missing key is the client's (401); the rest is ours."""
    if not any(key.lower() in CREDENTIAL_HEADERS for key, _ in scope.get("headers", ())):
        return ValidationError(
            "no API key: send the proxy's master key (Authorization: Bearer …, x-api-key), or log in to Claude Code "
            "with a subscription (loopback clients only)", 401,
        )
    log.error("ccproxy: LiteLLM raised outside its handlers: %s", redact(str(exc))[:500])
    return Unknown()


class ErrorResponse:
    """Wraps `send`: a response with status >= 400 is replaced by our body for the same error."""

    def __init__(self, send, exchange: Exchange, anthropic: bool) -> None:
        self.send = send
        self.exchange = exchange
        self.anthropic = anthropic
        self.start = None
        self.chunks = []
        self.started = False

    async def __call__(self, message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            encoded = any(key.lower() == b"content-encoding" for key, _ in message.get("headers", ()))
            if message["status"] < 400 or encoded:
                return await self.send(served_by(message, self.exchange))
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
        log.error("ccproxy: LiteLLM answered %d outside the failure hook: %s", status, redact(raw[:500].decode("utf-8", "replace")))
        return Unknown()
    return client_error(str(message), status)


def draining(settings: Settings) -> bool:
    """`ccproxy stop` is draining this replica: a stat per readiness probe, never on the request path."""
    return settings.drain_file is not None and os.path.exists(settings.drain_file)


async def send_json(send, status: int, body: dict) -> None:
    """A small JSON answer of our own (readiness while draining)."""
    raw = compact_json(body)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": raw})


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
    app = proxy_global("app")
    if app is None or getattr(app.state, "ccproxy_error_layer", False):
        return
    if app.middleware_stack is None:
        app.add_middleware(ErrorLayer, settings=settings)
    else:  # already started: the stack is built, so wrap it (Starlette calls self.middleware_stack)
        app.middleware_stack = ErrorLayer(app.middleware_stack, settings)
    app.state.ccproxy_error_layer = True
