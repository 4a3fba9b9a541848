"""The error model without a proxy: classification, the failure hook, and the ASGI ErrorLayer."""

import asyncio
import json
import logging

import httpx
import litellm
import pytest
from litellm.proxy._types import UserAPIKeyAuth

from ccproxy_hook_pkg.classify import classify
from ccproxy_hook_pkg.error_layer import ErrorLayer, Exchange, current_exchange
from ccproxy_hook_pkg.errors import (
    HookUnavailable, Rejection, UpstreamError, UpstreamUnavailable, ValidationError, error_body, shape_stream_frame,
)
from ccproxy_hook_pkg.handler import CCProxyHandler
from ccproxy_hook_pkg.settings import Settings

USER = UserAPIKeyAuth(api_key="hashed", user_id="u1")
ANTHROPIC_529 = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'


def settings(**overrides):
    base = dict(socket="/tmp/x.sock", max_body_bytes=64, body_timeout_s=0.2, request_timeout_s=3.0)
    return Settings(**dict(base, **overrides))


def provider_error(cls, status, text, headers=None):
    response = httpx.Response(status, headers=headers or {}, request=httpx.Request("POST", "http://p"))
    return cls(message="AnthropicException - " + text, llm_provider="anthropic", model="m", response=response)


@pytest.mark.parametrize(
    "exc, expected",
    [
        (Rejection(HookUnavailable("down")), ("HookUnavailable", 503)),
        (litellm.Timeout(message="t", model="m", llm_provider="anthropic"), ("UpstreamTimeout", 504)),
        (litellm.APIConnectionError(message="refused", llm_provider="anthropic", model="m"), ("UpstreamUnavailable", 502)),
        (httpx.ReadError("Response payload is not completed"), ("UpstreamUnavailable", 502)),
        (provider_error(litellm.InternalServerError, 500, ANTHROPIC_529), ("UpstreamError", 529)),
        (provider_error(litellm.RateLimitError, 429, '{"error":{"type":"rate_limit_error","message":"slow down"}}'),
         ("UpstreamError", 429)),
        (litellm.BadRequestError(message="Invalid model name passed in model=x", model="x", llm_provider=""),
         ("ValidationError", 400)),
        (RuntimeError("boom at /secret/path"), ("Unknown", 500)),
    ],
)
def test_classify_keeps_our_types_and_the_providers_statuses(exc, expected):
    err = classify(exc, "ccproxy-default", 3.0)
    assert (err.type, err.code) == expected


def test_provider_messages_are_unwrapped_and_keys_redacted():
    text = '{"type":"error","error":{"type":"authentication_error","message":"bad key sk-ant-abcdef123456"}}'
    err = classify(provider_error(litellm.AuthenticationError, 401, text), "ccproxy-default", 3.0)
    assert err.message == "ccproxy-default answered HTTP 401: authentication_error: bad key [redacted]"


def test_retry_after_comes_from_the_providers_headers():
    exc = provider_error(litellm.RateLimitError, 429, "{}", headers={"retry-after": "7"})
    assert classify(exc, "a", 3.0).retry_after == "7"


def test_error_bodies_per_route_family():
    err = ValidationError("`model` is required")
    inner = {"type": "ValidationError", "message": "`model` is required", "code": 400}
    assert error_body(err, anthropic=True) == {"type": "error", "error": inner}
    assert error_body(err, anthropic=False) == {"error": dict(inner, param=None)}


async def test_unknown_wraps_an_unexpected_exception_and_yields_500(caplog):
    """The failure hook logs the traceback; the client gets 500 and a fixed message, nothing more."""
    handler = CCProxyHandler(settings())
    exchange = Exchange()
    token = current_exchange.set(exchange)
    try:
        with caplog.at_level(logging.ERROR, logger="LiteLLM Proxy.ccproxy"):
            await handler.async_post_call_failure_hook({"model": "m"}, RuntimeError("boom /srv/secret"), USER)
    finally:
        current_exchange.reset(token)
    assert exchange.error.to_json() == {"error": {"type": "Unknown", "message": "internal error; see the ccproxy log", "code": 500}}
    assert "boom /srv/secret" in caplog.text
    status, body, _ = await run_layer(app_answering(500, b'{"error":{"message":"boom /srv/secret"}}'), exchange_error=exchange.error)
    assert status == 500
    assert json.loads(body) == {"type": "error", "error": {"type": "Unknown", "message": "internal error; see the ccproxy log", "code": 500}}


def test_mid_stream_exceptions_render_as_our_anthropic_frame():
    exc = httpx.ReadError("cut")
    err = UpstreamUnavailable("connection to a failed: cut")
    shape_stream_frame(exc, err, anthropic=True)
    assert json.loads(exc.message) == {"type": "error", "error": {"type": "UpstreamUnavailable", "message": err.message, "code": 502}}
    assert (exc.type, exc.status_code) == ("UpstreamUnavailable", 502)


# --- the ASGI layer ---------------------------------------------------------------------------


def app_answering(status, body, seen=None):
    async def app(scope, receive, send):
        message = await receive()
        if seen is not None:
            seen.append(message["body"])
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})

    return app


async def run_layer(app, body=b"{}", headers=None, path="/v1/messages", chunks=None, exchange_error=None, **limits):
    if exchange_error is not None:
        app = _setting_error(app, exchange_error)
    layer = ErrorLayer(app, settings(**limits))
    scope = {"type": "http", "method": "POST", "path": path,
             "headers": headers if headers is not None else [(b"content-type", b"application/json")]}
    incoming = list(chunks) if chunks is not None else [{"type": "http.request", "body": body, "more_body": False}]
    sent = []

    async def receive():
        if incoming:
            return incoming.pop(0)
        await asyncio.sleep(10)

    async def send(message):
        sent.append(message)

    await layer(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body_out = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body_out, dict(start["headers"])


def _setting_error(app, err):
    async def wrapped(scope, receive, send):
        current_exchange.get().error = err
        await app(scope, receive, send)

    return wrapped


async def test_success_passes_through_untouched_and_the_body_is_replayed():
    seen = []
    status, body, _ = await run_layer(app_answering(200, b'{"ok":1}', seen), body=b'{"model":"m"}')
    assert (status, body, seen) == (200, b'{"ok":1}', [b'{"model":"m"}'])


async def test_litellm_errors_outside_the_hook_get_our_shape_on_openai_routes():
    raw = b'{"error":{"message":"Invalid JSON payload","type":"invalid_request_error","param":"request_body","code":"400"}}'
    status, body, _ = await run_layer(app_answering(400, raw), path="/v1/chat/completions")
    assert status == 400
    assert json.loads(body) == {"error": {"type": "ValidationError", "message": "Invalid JSON payload", "code": 400, "param": None}}


async def test_the_classified_error_wins_with_its_status_and_retry_after():
    err = UpstreamError("a answered HTTP 529: overloaded_error: Overloaded", 529, "3")
    status, body, headers = await run_layer(app_answering(500, b"{}"), exchange_error=err)
    assert (status, headers[b"retry-after"]) == (529, b"3")
    assert json.loads(body)["error"]["type"] == "UpstreamError"


@pytest.mark.parametrize(
    "kwargs, status, message",
    [
        (dict(headers=[(b"content-type", b"text/plain")]), 415, "content-type must be application/json"),
        (dict(body=b"x" * 65), 413, "larger than 64 bytes"),
        (dict(headers=[(b"content-type", b"application/json"), (b"content-length", b"1000")]), 413, "got 1000"),
        (dict(body=b'{"a":"\xff"}'), 400, "not valid UTF-8 (byte 6)"),
        (dict(chunks=[{"type": "http.request", "body": b"{", "more_body": True}]), 408, "incomplete after 0.2s"),
    ],
)
async def test_bad_bodies_are_answered_before_litellm_sees_them(kwargs, status, message):
    seen = []
    got_status, body, _ = await run_layer(app_answering(200, b"{}", seen), **kwargs)
    assert got_status == status
    assert message in json.loads(body)["error"]["message"]
    assert seen == []


@pytest.mark.parametrize("path", ["/key/generate", "/anthropic/v1/messages", "/openai/deployments/x/chat/completions", "/ui", "/mcp/", "/health", "/"])
async def test_undocumented_routes_answer_404_in_our_shape_before_litellm_sees_them(path):
    seen = []
    status, body, _ = await run_layer(app_answering(200, b"{}", seen), path=path)
    assert status == 404
    assert json.loads(body)["error"]["type"] == "NotFound"
    assert seen == []


async def test_exposed_litellm_routes_pass_through_untouched_but_bounded():
    status, body, _ = await run_layer(app_answering(401, b'{"detail":"x"}'), path="/key/generate", expose_litellm_routes=True)
    assert (status, body) == (401, b'{"detail":"x"}')
    status, body, _ = await run_layer(app_answering(200, b"{}"), body=b"x" * 65, path="/key/generate", expose_litellm_routes=True)
    assert status == 413


@pytest.mark.parametrize("path", ["/v1/models", "/health/readiness", "/health/liveliness", "/v1/messages/count_tokens"])
async def test_documented_routes_are_open(path):
    status, _, _ = await run_layer(app_answering(200, b"{}"), path=path)
    assert status == 200



async def test_an_exception_past_litellms_handlers_is_our_401_without_a_key_and_unknown_with_one():
    async def raising(scope, receive, send):
        await receive()
        raise Exception("No api key passed in.")

    status, body, _ = await run_layer(raising)
    assert status == 401 and "no API key" in json.loads(body)["error"]["message"]
    status, body, _ = await run_layer(raising, headers=[(b"content-type", b"application/json"), (b"authorization", b"Bearer x")])
    assert status == 500 and json.loads(body)["error"]["type"] == "Unknown"


def test_a_key_that_is_not_the_master_key_reads_as_a_401():
    from fastapi import HTTPException
    err = classify(HTTPException(status_code=400, detail={"error": "No connected db."}), "t", 3.0)
    assert (err.type, err.code) == ("ValidationError", 401)
    assert "master key" in err.message


async def test_readiness_answers_503_while_the_drain_file_exists_and_the_api_still_serves(tmp_path):
    drain = tmp_path / "draining"
    status, _, _ = await run_layer(app_answering(200, b'{"status":"healthy"}'), path="/health/readiness", drain_file=str(drain))
    assert status == 200
    drain.write_text("")
    seen = []
    status, body, _ = await run_layer(app_answering(200, b"{}", seen), path="/health/readiness/", drain_file=str(drain))
    assert (status, json.loads(body)) == (503, {"status": "draining"})
    assert seen == []  # LiteLLM's own readiness is not asked
    status, _, _ = await run_layer(app_answering(200, b"{}"), path="/v1/messages", drain_file=str(drain))
    assert status == 200  # in-flight and late requests are still served while the load balancer catches up
