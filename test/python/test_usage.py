"""Usage records: what build_record takes from LiteLLM's logging kwargs, and how the shipper batches them.

The kwargs below have the shape LiteLLM 1.108.7 passes to async_log_success_event / async_log_failure_event
(recorded from a real proxy run against the mock provider); test/integration/usage.slow.test.ts checks the
same through a real LiteLLM.
"""

import asyncio
import json
import logging

import httpx
import litellm
import pytest

from ccproxy_hook_pkg.handler import ask_stream_usage
from ccproxy_hook_pkg.usage_record import build_record
from ccproxy_hook_pkg.usage_shipper import UsageShipper

RECORD_KEYS = {"v", "ts", "id", "label", "rule", "alias", "model", "provider", "call_type", "stream", "ok", "in", "out",
               "cache_read", "cache_write", "cost", "latency_ms", "ttft_ms", "session"}
DECISION = {"label": "think", "rule": "deep-thinking", "reason": "effort max", "model": "anthropic/claude-opus-5-5"}
PRICED = {"key": "claude-opus-5-5", "input_cost_per_token": 5e-06, "output_cost_per_token": 2.5e-05}


def kwargs_for(stream=False, cost=0.0421, usage=None, headers=None, metadata_key="litellm_metadata", user_id=None,
               price=PRICED, start=1796005724.0, first=1796005724.25, end=1796005725.5, **extra):
    usage = usage if usage is not None else {
        "prompt_tokens": 19362, "completion_tokens": 150, "cache_read_input_tokens": 9342, "cache_creation_input_tokens": 120,
        "prompt_tokens_details": {"cached_tokens": 9342, "cache_creation_tokens": 120},
    }
    slo = {
        "litellm_call_id": "call-1", "call_type": "anthropic_messages", "stream": True if stream else None,
        "status": "success", "custom_llm_provider": "anthropic", "startTime": start, "endTime": end,
        "completionStartTime": first if stream else end, "model": "anthropic/claude-opus-5-5", "model_group": "ccproxy-think",
        "api_base": "https://user:secret@example.com/v1/messages", "response_cost": cost if cost is not None else 0.0,
        "prompt_tokens": usage.get("prompt_tokens", 0), "completion_tokens": usage.get("completion_tokens", 0),
        "metadata": {
            "usage_object": usage, "requester_custom_headers": {k: v for k, v in (headers or {}).items() if k.startswith("x-")},
            "requester_metadata": {"user_id": user_id} if user_id else {}, "user_api_key_hash": "hashed-key",
        },
        "model_map_information": {"model_map_key": "anthropic/claude-opus-5-5", "model_map_value": price},
        "messages": [{"role": "user", "content": "the secret prompt"}], "response": {"content": "the secret reply"},
    }
    kwargs = {
        "standard_logging_object": slo, "response_cost": cost, "stream": stream, "api_key": "sk-ant-secret",
        "messages": [{"role": "user", "content": "the secret prompt"}],
        "litellm_params": {
            metadata_key: {"ccproxy": DECISION},
            "proxy_server_request": {"url": "http://127.0.0.1:4000/v1/messages", "headers": dict(headers or {}, authorization="Bearer sk-secret")},
        },
    }
    kwargs.update(extra)
    return kwargs


def test_a_served_request_becomes_a_small_record_of_whitelisted_fields():
    record = build_record(kwargs_for(), ok=True)
    assert record == {
        "v": 1, "ts": "2026-11-30T02:28:45.500Z", "id": "call-1", "label": "think", "rule": "deep-thinking",
        "alias": "ccproxy-think", "model": "anthropic/claude-opus-5-5", "provider": "anthropic", "call_type": "messages",
        "stream": False, "ok": True, "in": 19362, "out": 150, "cache_read": 9342, "cache_write": 120, "cost": 0.0421,
        "latency_ms": 1500.0, "ttft_ms": None, "session": None,
    }
    assert set(record) == RECORD_KEYS
    assert "secret" not in json.dumps(record)


def test_a_stream_records_its_time_to_first_token():
    record = build_record(kwargs_for(stream=True), ok=True)
    assert (record["stream"], record["ttft_ms"], record["latency_ms"]) == (True, 250.0, 1500.0)


def test_openai_usage_reports_cached_tokens_in_the_prompt_details():
    usage = {"prompt_tokens": 3000, "completion_tokens": 20, "prompt_tokens_details": {"cached_tokens": 2048}}
    record = build_record(kwargs_for(usage=usage), ok=True)
    assert (record["in"], record["out"], record["cache_read"], record["cache_write"]) == (3000, 20, 2048, 0)


@pytest.mark.parametrize(
    "why, overrides, cost",
    [
        ("a priced model", {}, 0.0421),
        ("not in the cost map: no cost, a debug note", {"cost": None, "response_cost_failure_debug_information": {"error_str": "This model isn't mapped yet"}}, None),
        ("an all-zero entry the router registered for an unknown model", {"cost": 0.0, "price": {"key": "openai/gpt-think", "input_cost_per_token": 0, "output_cost_per_token": 0}}, None),
        ("no cost map entry at all", {"cost": 0.0, "price": None}, None),
        ("LiteLLM's zero-cost diagnostic", {"zero_cost_diagnostic": {"reason": "missing_pricing_key"}}, None),
        ("a priced model that cost nothing (a failure)", {"cost": 0.0}, 0.0),
    ],
)
def test_an_unknown_price_is_none_never_a_made_up_zero(why, overrides, cost):
    assert build_record(kwargs_for(**overrides), ok=True)["cost"] == cost, why


@pytest.mark.parametrize(
    "headers, user_id, session",
    [
        ({"x-claude-code-session-id": "0b6f5d1e-aaaa-bbbb-cccc-123456789abc"}, None, "0b6f5d1e-aaaa-bbbb-cccc-123456789abc"),
        ({}, json.dumps({"device_id": "d", "account_uuid": "", "session_id": "9f1c2d3e-1111-2222-3333-444455556666"}), "9f1c2d3e-1111-2222-3333-444455556666"),
        ({}, "user_abc_account_def_session_12345678-1234-1234-1234-123456789abc", "12345678-1234-1234-1234-123456789abc"),
        ({"x-claude-code-session-id": "bad id with spaces"}, None, None),
        ({}, "{not json", None),
        ({}, None, None),
    ],
)
def test_claude_codes_session_from_its_header_else_from_metadata_user_id(headers, user_id, session):
    assert build_record(kwargs_for(headers=headers, user_id=user_id), ok=True)["session"] == session


def test_the_session_header_is_read_from_the_proxy_request_when_litellm_did_not_log_it():
    kwargs = kwargs_for()
    kwargs["litellm_params"]["proxy_server_request"]["headers"]["x-claude-code-session-id"] = "s-1"
    assert build_record(kwargs, ok=True)["session"] == "s-1"


def test_the_decision_is_found_in_metadata_on_chat_routes_and_missing_when_the_hook_server_was_down():
    assert build_record(kwargs_for(metadata_key="metadata"), ok=True)["label"] == "think"
    kwargs = kwargs_for()
    kwargs["litellm_params"]["litellm_metadata"]["ccproxy"] = {"label": None, "rule": None, "reason": "hook server unavailable", "model": None}
    assert (build_record(kwargs, ok=True)["label"], build_record(kwargs, ok=True)["rule"]) == (None, None)


def test_a_failure_is_recorded_with_the_error_type_and_status_the_client_saw():
    response = httpx.Response(500, request=httpx.Request("POST", "http://p"))
    overloaded = litellm.InternalServerError(
        message='AnthropicException - {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
        llm_provider="anthropic", model="m", response=response)
    record = build_record(kwargs_for(cost=0.0, usage={}, exception=overloaded), ok=False)
    assert (record["ok"], record["error"], record["in"], record["out"]) == (False, {"type": "UpstreamError", "code": 529}, 0, 0)
    timeout = build_record(kwargs_for(exception=litellm.Timeout(message="t", model="m", llm_provider="anthropic")), ok=False)
    assert timeout["error"] == {"type": "UpstreamTimeout", "code": 504}
    assert build_record(kwargs_for(), ok=False)["error"] == {"type": "Unknown", "code": 500}


def test_the_model_is_named_as_ccproxy_yaml_names_it_when_litellm_serves_it_under_another_name():
    from ccproxy_hook_pkg.targets import TargetInfo

    targets = {"think": TargetInfo(label="think", alias="ccproxy-think", model="openai/qwen3-coder", litellm_model="hosted_vllm/qwen3-coder")}
    for served in ("hosted_vllm/qwen3-coder", "qwen3-coder"):
        kwargs = kwargs_for()
        kwargs["standard_logging_object"]["model"] = served
        assert build_record(kwargs, ok=True, targets=targets)["model"] == "openai/qwen3-coder"
    kwargs = kwargs_for()  # a model the target does not name (a passthrough, a fallback) stays as LiteLLM reports it
    assert build_record(kwargs, ok=True, targets=targets)["model"] == "anthropic/claude-opus-5-5"


def test_calls_that_are_not_a_clients_are_not_recorded():
    kwargs = kwargs_for()
    del kwargs["litellm_params"]["proxy_server_request"]
    assert build_record(kwargs, ok=True) is None


def test_garbage_kwargs_give_a_record_of_nulls_not_an_exception():
    record = build_record({"litellm_params": {"proxy_server_request": {"url": "x"}}, "standard_logging_object": "?"}, ok=True)
    assert (record["label"], record["model"], record["in"], record["cost"], record["latency_ms"], record["call_type"]) == (None, None, 0, None, None, "other")


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"stream": True}, {"stream": True, "stream_options": {"include_usage": True}, "_litellm_strip_stream_usage": True}),
        ({"stream": True, "stream_options": {"include_usage": False}}, {"stream": True, "stream_options": {"include_usage": True}, "_litellm_strip_stream_usage": True}),
        ({"stream": True, "stream_options": {"include_usage": True}}, {"stream": True, "stream_options": {"include_usage": True}}),
        ({"stream": False}, {"stream": False}),
    ],
)
def test_a_chat_stream_asks_the_target_for_its_usage_and_strips_it_unless_the_client_asked(data, expected):
    ask_stream_usage(data)
    assert data == expected


async def test_records_are_shipped_in_one_batch_after_a_short_delay(server, make_handler):
    handler = make_handler()
    handler.usage.flush_delay_s = 0.05
    for n in range(30):
        await handler.async_log_success_event(kwargs_for(litellm_call_id="c%d" % n), None, None, None)
    assert server.event_batches == []  # nothing on the request path
    await asyncio.sleep(0.3)
    assert len(server.event_batches) == 1
    batch = server.event_batches[0]
    assert batch["v"] == 1 and len(batch["events"]) == 30 and set(batch["events"][0]) == RECORD_KEYS


async def test_a_failure_event_is_shipped_with_its_error(server, make_handler):
    handler = make_handler()
    handler.usage.flush_delay_s = 0.01
    await handler.async_log_failure_event(kwargs_for(exception=litellm.Timeout(message="t", model="m", llm_provider="anthropic")), None, None, None)
    await asyncio.sleep(0.2)
    assert server.event_batches[0]["events"][0]["error"] == {"type": "UpstreamTimeout", "code": 504}


async def test_records_wait_while_the_hook_server_refuses_them_and_go_out_once_it_takes_them(server, make_handler, monkeypatch, caplog):
    monkeypatch.setattr("ccproxy_hook_pkg.usage_shipper.RETRY_DELAYS_S", (0.05,))
    handler = make_handler()
    handler.usage.flush_delay_s = 0.01
    server.events_status = 503
    with caplog.at_level(logging.WARNING, logger="LiteLLM Proxy.ccproxy"):
        handler.usage.add({"id": "a"})
        handler.usage.add({"id": "b"})
        await asyncio.sleep(0.1)
    assert server.event_batches == [] and [r["id"] for r in handler.usage.queue] == ["a", "b"]
    assert "ccproxy usage: 2 records wait for the hook server (HTTP 503" in caplog.text
    server.events_status = 200
    handler.usage.add({"id": "c"})
    await asyncio.sleep(0.3)
    assert [e["id"] for batch in server.event_batches for e in batch["events"]] == ["a", "b", "c"]
    assert not handler.usage.queue


async def test_the_queue_is_bounded_and_drops_the_oldest_while_the_hook_server_is_gone(short_tmp, caplog):
    from ccproxy_hook_pkg.hook_client import HookClient
    from ccproxy_hook_pkg.settings import Settings

    client = HookClient(Settings(socket=short_tmp + "/nobody.sock"))
    shipper = UsageShipper(client, flush_delay_s=0.01, max_queued=3)
    with caplog.at_level(logging.WARNING, logger="LiteLLM Proxy.ccproxy"):
        for n in range(5):
            shipper.add({"id": n})
        await asyncio.sleep(0.1)
    assert [r["id"] for r in shipper.queue] == [2, 3, 4]
    assert "dropped 2 oldest (queue full at 3)" in caplog.text
    if shipper._timer:
        shipper._timer.cancel()


async def test_usage_false_records_nothing_and_leaves_chat_streams_alone(server, make_handler):
    handler = make_handler(usage=False)
    assert handler.usage is None
    await handler.async_log_success_event(kwargs_for(), None, None, None)
    await asyncio.sleep(0.1)
    assert server.event_batches == []


async def test_a_bug_while_recording_is_logged_never_raised(make_handler, caplog):
    handler = make_handler()
    with caplog.at_level(logging.ERROR, logger="LiteLLM Proxy.ccproxy"):
        await handler.async_log_success_event({"litellm_params": {"proxy_server_request": 1}, "standard_logging_object": {"startTime": "x"}, "stream": object()}, None, None, None)
        await handler.async_log_success_event(None, None, None, None)
    assert "ccproxy usage: could not record a request (a ccproxy bug): AttributeError" in caplog.text
