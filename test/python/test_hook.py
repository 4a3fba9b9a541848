"""CCProxyHandler against a real fake hook server on a Unix socket."""


import copy
import json
import logging

import pytest
from fastapi import HTTPException
from litellm.integrations.custom_logger import CustomLogger
from litellm.proxy._types import UserAPIKeyAuth

from ccproxy_hook_pkg.errors import HookUnavailable, ProxyError, Unknown, UpstreamTimeout, UpstreamUnavailable, ValidationError
from ccproxy_hook_pkg.handler import CCProxyHandler

from bodies import SECRET, claude_code_body, with_litellm_internals
from conftest import DECISION

USER = UserAPIKeyAuth(api_key="hashed-" + SECRET, user_id="u1")
SUMMARY_FIELDS = {"v", "call_type", "model", "stream", "max_tokens", "thinking", "effort", "tools", "bytes", "media", "text"}


def messages_data():
    return with_litellm_internals(claude_code_body(8), "litellm_metadata")


def chat_data():
    body = {"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}], "metadata": {"trace": "t1"}}
    data = with_litellm_internals(body, "metadata")
    data["metadata"]["requester_metadata"] = {"trace": "t1"}
    return data


async def test_secrets_and_internals_never_reach_the_hook_server(server, make_handler):
    await make_handler().async_pre_call_hook(USER, None, messages_data(), "anthropic_messages")
    (raw,) = server.received
    assert SECRET.encode() not in raw
    assert set(json.loads(raw)) <= SUMMARY_FIELDS


async def test_messages_alias_applied_and_decision_only_in_litellm_metadata(server, make_handler):
    data = messages_data()
    client_metadata = copy.deepcopy(data["metadata"])
    result = await make_handler().async_pre_call_hook(USER, None, data, "anthropic_messages")
    assert result is data
    assert data["model"] == "ccproxy-think"
    assert data["litellm_metadata"]["ccproxy"] == {
        "label": "think",
        "rule": "thinking",
        "reason": "thinking budget 31999 >= 8000",
        "model": "anthropic/claude-opus-4-1",
    }
    assert data["metadata"] == client_metadata  # the client's metadata goes upstream: untouched


async def test_chat_decision_goes_to_litellm_metadata_and_requester_copy_is_untouched(server, make_handler):
    data = chat_data()
    await make_handler().async_pre_call_hook(USER, None, data, "acompletion")
    assert json.loads(server.received[0])["call_type"] == "chat"
    assert data["model"] == "ccproxy-think"
    assert data["metadata"]["ccproxy"]["label"] == "think"
    assert data["metadata"]["requester_metadata"] == {"trace": "t1"}
    assert "litellm_metadata" not in data  # adding it would switch LiteLLM's own metadata lookup


@pytest.mark.parametrize("how", ["service account", "tag"])
async def test_a_client_claiming_litellms_health_check_identity_is_routed_like_any_other(server, make_handler, how):
    # LiteLLM's own health checks never reach the pre-call hook, so the claim is a client's: no way around the rules
    data = {"model": "ccproxy-think", "messages": [{"role": "user", "content": "ping"}]}
    user = USER
    if how == "service account":
        user = UserAPIKeyAuth.get_litellm_internal_health_check_user_api_key_auth()
    else:
        data["litellm_metadata"] = {"tags": ["litellm-internal-health-check"]}
    routed = await make_handler().async_pre_call_hook(user, None, data, "anthropic_messages")
    assert len(server.received) == 1
    assert json.loads(server.received[0])["model"] == "ccproxy-think"  # the hook server sees the name and decides
    assert routed["model"] == DECISION["alias"]


async def test_non_routable_call_types_pass_through_without_asking(server, make_handler):
    data = {"model": "dall-e-3", "prompt": "a cat"}
    assert await make_handler().async_pre_call_hook(USER, None, data, "aimage_generation") == {"model": "dall-e-3", "prompt": "a cat"}
    assert server.received == []


async def test_need_text_asks_again_with_the_section_texts(server, make_handler):
    answers = iter([(200, {"v": 1, "need": "text"}), (200, DECISION)])
    server.respond = lambda raw: next(answers)
    data = messages_data()
    await make_handler().async_pre_call_hook(USER, None, data, "anthropic_messages")
    first, second = (json.loads(raw) for raw in server.received)
    assert "text" not in first
    assert json.loads(second["text"]["messages"]) == data["messages"]
    assert json.loads(second["text"]["tools"]) == data["tools"]
    assert {k: len(v.encode()) for k, v in second["text"].items()} == second["bytes"] == first["bytes"]
    assert data["model"] == "ccproxy-think"


async def test_the_text_round_has_its_own_longer_deadline(server, make_handler):
    answers = iter([(200, {"v": 1, "need": "text"}), (200, DECISION)])

    def respond(raw):
        server.delay_s = 0.3  # only the second (text) round is slow: longer than timeout_ms
        return next(answers)

    server.respond = respond
    data = messages_data()
    await make_handler(timeout_ms=100, count_timeout_ms=1000).async_pre_call_hook(USER, None, data, "anthropic_messages")
    assert data["model"] == "ccproxy-think"


async def test_a_text_round_past_count_timeout_fails_open(server, make_handler):
    answers = iter([(200, {"v": 1, "need": "text"}), (200, DECISION)])

    def respond(raw):
        server.delay_s = 0.3
        return next(answers)

    server.respond = respond
    data = messages_data()
    await make_handler(timeout_ms=100, count_timeout_ms=150).async_pre_call_hook(USER, None, data, "anthropic_messages")
    assert data["model"] == "ccproxy-default"
    assert data["litellm_metadata"]["ccproxy"]["reason"].endswith("timed out after 150 ms")


async def test_need_text_twice_is_a_failure(server, make_handler):
    server.respond = lambda raw: (200, {"v": 1, "need": "text"})
    data = messages_data()
    await make_handler().async_pre_call_hook(USER, None, data, "anthropic_messages")
    assert len(server.received) == 2
    assert data["model"] == "ccproxy-default"


def refuse_connections(server):
    server.path += ".nobody-listens"


@pytest.mark.parametrize(
    "break_server, why",
    [
        (refuse_connections, "Cannot connect to unix socket"),
        (lambda s: setattr(s, "delay_s", 0.3), "timed out after 100 ms"),
        (lambda s: setattr(s, "respond", lambda raw: (500, {"error": {"type": "Unknown"}})), "HTTP 500"),
        (lambda s: setattr(s, "respond", lambda raw: (200, b"<html>oops")), "answer is not JSON"),
        (lambda s: setattr(s, "respond", lambda raw: (200, {"v": 1, "label": "x"})), "answer has no string 'alias'"),
        (lambda s: setattr(s, "respond", lambda raw: (400, {"error": {"message": "bad tools"}})), "HTTP 400"),
    ],
    ids=["refused", "timeout", "500", "garbage", "incomplete", "400"],
)
async def test_fail_open_routes_to_the_default_alias(server, make_handler, break_server, why):
    break_server(server)
    handler = make_handler(socket=server.path, timeout_ms=100)
    data = messages_data()
    await handler.async_pre_call_hook(USER, None, data, "anthropic_messages")
    assert data["model"] == "ccproxy-default"
    recorded = data["litellm_metadata"]["ccproxy"]
    assert recorded["rule"] is None and recorded["label"] is None
    assert recorded["reason"].startswith("hook server unavailable: ")
    assert any(part in recorded["reason"] for part in why.split("|")), recorded["reason"]


async def test_outage_warning_is_rate_limited(server, make_handler, caplog):
    server.respond = lambda raw: (500, b"{}")
    handler = make_handler()
    with caplog.at_level(logging.WARNING, logger="LiteLLM Proxy.ccproxy"):
        for _ in range(5):
            await handler.async_pre_call_hook(USER, None, messages_data(), "anthropic_messages")
    lines = [r.getMessage() for r in caplog.records if r.name == "LiteLLM Proxy.ccproxy"]
    warnings = [line for line in lines if "routing to" in line]
    assert len(warnings) == 1
    assert "routing to ccproxy-default (fail_open)" in warnings[0]
    assert handler.outage_log.suppressed == 4
    assert [line for line in lines if "circuit open" in line and "routing to" not in line] == [
        "ccproxy hook server failed 3 times in a row (last: HTTP 500); circuit open: requests take the failure policy at once for 0.5s"
    ]


async def test_a_400_from_the_server_is_logged_as_a_bug(server, make_handler, caplog):
    server.respond = lambda raw: (400, {"error": {"type": "ValidationError", "message": "tools[0] bad"}})
    with caplog.at_level(logging.ERROR, logger="LiteLLM Proxy.ccproxy"):
        await make_handler().async_pre_call_hook(USER, None, messages_data(), "anthropic_messages")
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "a ccproxy bug" in record.getMessage() and "tools[0] bad" in record.getMessage()


async def test_fail_closed_raises_503_with_the_error_json(server, make_handler):
    server.respond = lambda raw: (500, b"{}")
    with pytest.raises(HTTPException) as caught:
        await make_handler(on_failure="fail_closed").async_pre_call_hook(USER, None, messages_data(), "anthropic_messages")
    assert caught.value.status_code == 503
    assert caught.value.detail == {
        "type": "HookUnavailable",
        "message": "ccproxy hook server unavailable: HTTP 500",
        "code": 503,
    }


async def test_unexpected_errors_become_unknown_500_without_internals(server, make_handler, caplog):
    handler = make_handler()

    async def explode(summary, sections):
        raise RuntimeError("internal detail: /secret/path")

    handler.client.decide = explode
    with caplog.at_level(logging.ERROR, logger="LiteLLM Proxy.ccproxy"), pytest.raises(HTTPException) as caught:
        await handler.async_pre_call_hook(USER, None, messages_data(), "anthropic_messages")
    assert caught.value.status_code == 500
    assert caught.value.detail == {"type": "Unknown", "message": "internal error; see the ccproxy log", "code": 500}
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    (record,) = caplog.records
    assert record.exc_info and "/secret/path" in str(record.exc_info[1])


async def test_one_pooled_keep_alive_client_serves_every_call(server, make_handler):
    handler = make_handler()
    for _ in range(3):
        await handler.async_pre_call_hook(USER, None, messages_data(), "anthropic_messages")
    await handler.async_pre_call_hook(USER, None, chat_data(), "acompletion")
    assert len(server.received) == 4
    assert len(server.connections) == 1
    assert len(handler.client._idle) == 1


def test_litellm_sees_the_hook_on_the_class_itself():
    # litellm/proxy/utils.py: `"async_pre_call_hook" in vars(_callback.__class__)`
    assert "async_pre_call_hook" in vars(CCProxyHandler)
    assert CCProxyHandler.async_pre_call_hook is not CustomLogger.async_pre_call_hook
    # Overriding any streaming hook would turn off LiteLLM's per-chunk fast path.
    for name in ("async_post_call_streaming_hook", "async_post_call_streaming_iterator_hook"):
        assert name not in vars(CCProxyHandler)


def test_error_classes_match_the_typescript_model():
    codes = {cls.__name__: cls("m").code for cls in (ValidationError, UpstreamTimeout,
                                                     UpstreamUnavailable, HookUnavailable)}
    assert codes == {"ValidationError": 400, "UpstreamTimeout": 504, "UpstreamUnavailable": 502, "HookUnavailable": 503}
    assert Unknown().to_json() == {"error": {"type": "Unknown", "message": "internal error; see the ccproxy log", "code": 500}}
    assert ProxyError("x").to_json() == {"error": {"type": "ProxyError", "message": "x", "code": 500}}
