"""The routing decision asked for before LiteLLM's auth (early_decision.py): only for a routable path and a caller
with the master key, taken by the hook only when LiteLLM's data gives the same summary, and never left pending."""

import asyncio
import copy
import json
import time

import orjson
import pytest
from litellm.proxy.common_utils.http_parsing_utils import read_request_body
from starlette.requests import Request

from ccproxy_hook_pkg.early_decision import ask_early, presents_master_key
from ccproxy_hook_pkg.error_layer import ErrorLayer, Exchange, current_exchange
from ccproxy_hook_pkg.settings import Settings

from bodies import claude_code_body, with_litellm_internals
from conftest import DECISION

MASTER = "sk-ccproxy-master-1234"


def request_scope(path="/v1/messages", headers=((b"x-api-key", MASTER.encode()),)):
    return {"type": "http", "method": "POST", "path": path, "headers": list(headers), "query_string": b""}


def body_bytes(body=None):
    return orjson.dumps(body if body is not None else claude_code_body(8))


@pytest.mark.parametrize("headers, presented", [
    ([(b"x-api-key", MASTER.encode())], True),
    ([(b"Authorization", b"Bearer " + MASTER.encode())], True),
    ([(b"x-litellm-api-key", MASTER.encode())], True),
    ([(b"x-litellm-api-key", b"Bearer " + MASTER.encode())], True),
    ([(b"api-key", MASTER.encode())], True),
    ([(b"authorization", b"Bearer sk-ant-oat01-abc"), (b"x-litellm-api-key", MASTER.encode())], True),  # admitted()
    ([(b"x-api-key", b"sk-wrong")], False),
    ([(b"authorization", b"Basic " + MASTER.encode())], False),
    ([(b"authorization", MASTER.encode())], False),
    ([(b"x-other", MASTER.encode())], False),
    ([], False),
])
def test_only_the_master_key_in_a_credential_header_counts(headers, presented):
    assert presents_master_key({"headers": headers}, MASTER) is presented
    assert presents_master_key({"headers": headers}, None) is False  # no master key: nothing is early


async def test_a_routable_request_with_the_master_key_is_asked_early(server, make_handler):
    handler = make_handler()
    early = ask_early(handler.client, request_scope(), body_bytes(), MASTER)
    status, raw = await early.exchange
    assert status == 200 and json.loads(raw) == DECISION
    assert json.loads(server.received[0]) == early.summary
    assert early.summary_ns > 0


@pytest.mark.parametrize("scope, body", [
    (request_scope(path="/v1/embeddings"), body_bytes()),
    (request_scope(headers=[(b"x-api-key", b"sk-wrong")]), body_bytes()),
    (request_scope(headers=[]), body_bytes()),
    (request_scope(), b'{"model": "m", "messages": ['),  # malformed: LiteLLM answers it
    (request_scope(), b'["not", "an", "object"]'),
    (request_scope(), body_bytes({"messages": [{"role": "user", "content": "hi"}]})),  # no model: the hook says so
])
async def test_nothing_is_sent_early_for_anything_else(server, make_handler, scope, body):
    assert ask_early(make_handler().client, scope, body, MASTER) is None
    await asyncio.sleep(0.01)
    assert server.received == []


async def test_litellm_finds_the_parsed_body_and_does_not_read_it_again(server, make_handler):
    scope = request_scope()
    body = claude_code_body(8)
    early = ask_early(make_handler().client, scope, body_bytes(body), MASTER)

    async def no_second_read():
        raise AssertionError("LiteLLM read the body again")

    assert await read_request_body(Request(scope, no_second_read)) == body
    await early.exchange


async def test_the_hook_takes_the_early_answer_for_the_same_summary(server, make_handler):
    handler = make_handler()
    body = claude_code_body(8)
    exchange = Exchange()
    exchange.early = ask_early(handler.client, request_scope(), body_bytes(body), MASTER)
    data = with_litellm_internals(copy.deepcopy(body), "litellm_metadata")  # what LiteLLM hands the hook
    token = current_exchange.set(exchange)
    try:
        await handler.async_pre_call_hook(None, None, data, "anthropic_messages")
    finally:
        current_exchange.reset(token)
    assert len(server.received) == 1 and data["model"] == DECISION["alias"]
    assert exchange.early.exchange.done()


async def test_a_changed_summary_is_asked_again(server, make_handler):
    handler = make_handler()
    body = claude_code_body(8)
    exchange = Exchange()
    exchange.early = early = ask_early(handler.client, request_scope(), body_bytes(body), MASTER)
    data = with_litellm_internals(dict(copy.deepcopy(body), model="claude-haiku-4-5"), "litellm_metadata")
    token = current_exchange.set(exchange)
    try:
        await handler.async_pre_call_hook(None, None, data, "anthropic_messages")
    finally:
        current_exchange.reset(token)
    await asyncio.sleep(0.01)
    asked = [json.loads(raw)["model"] for raw in server.received]
    assert asked[-1] == "claude-haiku-4-5" and early.exchange.done()
    assert len(asked) in (1, 2)  # the early one is cancelled; it may have reached the server first


async def test_litellms_own_work_never_counts_against_the_hook_servers_deadline(server, make_handler):
    handler = make_handler(timeout_ms=100)
    body = claude_code_body(8)
    exchange = Exchange()
    exchange.early = ask_early(handler.client, request_scope(), body_bytes(body), MASTER)
    time.sleep(0.3)  # LiteLLM's first request importing what it needs, the event loop blocked
    token = current_exchange.set(exchange)
    try:
        data = with_litellm_internals(copy.deepcopy(body), "litellm_metadata")
        await handler.async_pre_call_hook(None, None, data, "anthropic_messages")
    finally:
        current_exchange.reset(token)
    assert data["model"] == DECISION["alias"] and len(server.received) == 1


async def test_a_hung_server_times_the_early_exchange_out_like_any_other(server, make_handler):
    handler = make_handler(timeout_ms=100, on_failure="fail_open")
    server.delay_s = 0.5
    body = claude_code_body(8)
    exchange = Exchange()
    exchange.early = ask_early(handler.client, request_scope(), body_bytes(body), MASTER)
    token = current_exchange.set(exchange)
    try:
        data = with_litellm_internals(copy.deepcopy(body), "litellm_metadata")
        await handler.async_pre_call_hook(None, None, data, "anthropic_messages")
    finally:
        current_exchange.reset(token)
    assert data["model"] == "ccproxy-default" and exchange.early.exchange.cancelled()
    assert handler.client.circuit.failures == 1  # counted like the timeout of a decision asked late


async def test_an_open_circuit_sends_nothing_early(server, make_handler):
    handler = make_handler()
    handler.client.circuit.open_until = time.monotonic() + 60
    assert ask_early(handler.client, request_scope(), body_bytes(), MASTER) is None
    await asyncio.sleep(0.01)
    assert server.received == []


async def test_an_early_failure_is_the_hooks_failure(server, make_handler):
    handler = make_handler(on_failure="fail_open")
    server.respond = lambda raw: (500, {"error": "down"})
    body = claude_code_body(8)
    exchange = Exchange()
    exchange.early = ask_early(handler.client, request_scope(), body_bytes(body), MASTER)
    data = with_litellm_internals(copy.deepcopy(body), "litellm_metadata")
    token = current_exchange.set(exchange)
    try:
        await handler.async_pre_call_hook(None, None, data, "anthropic_messages")
    finally:
        current_exchange.reset(token)
    assert data["model"] == "ccproxy-default" and len(server.received) == 1  # fail_open, not asked twice


async def test_an_answer_nobody_took_is_dropped_with_the_request(server, make_handler):
    handler = make_handler()
    server.delay_s = 0.2
    seen = {}

    async def refusing_app(scope, receive, send):  # LiteLLM's auth refusing before the hook runs
        seen["early"] = current_exchange.get().early
        await send({"type": "http.response.start", "status": 401, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"error": {"message": "bad key"}}'})

    async def receive():
        return {"type": "http.request", "body": body_bytes(), "more_body": False}

    sent = []

    async def send(message):
        sent.append(message)

    layer = ErrorLayer(refusing_app, Settings(socket=server.path), lambda scope, body: ask_early(handler.client, scope, body, MASTER))
    layer.slimmed = True
    await layer(dict(request_scope(), client=("127.0.0.1", 5000)), receive, send)
    assert sent[0]["status"] == 401
    await asyncio.sleep(0)
    assert seen["early"].exchange.cancelled()
