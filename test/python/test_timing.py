"""The hook's step times: recorded per request in async_pre_call_hook, shipped with the next batch, never awaited."""

import asyncio
import json
import os
from pathlib import Path

from litellm.proxy._types import UserAPIKeyAuth

from ccproxy_hook_pkg.timing import STEPS, StepTimes, bucket_of, decide_micros
from bodies import claude_code_body, with_litellm_internals
from conftest import DECISION

USER = UserAPIKeyAuth(api_key="sk-test")
VECTORS = json.loads((Path(__file__).parent.parent / "fixtures" / "histogram-buckets.json").read_text())["vectors"]


def test_buckets_agree_with_the_hook_servers_histogram():
    assert [bucket_of(int(micros)) for micros, _ in VECTORS] == [bucket for _, bucket in VECTORS]


def test_take_returns_what_gathered_since_the_last_take_then_nothing():
    times = StepTimes()
    assert times.take() is None
    times.record_ns("hook", 812_345)  # rounds up to 813 µs, as the server's histogram does
    times.record_ns("hook", 812_001)
    times.record_us("decide", 3)
    batch = times.take()
    assert batch == {"worker": str(os.getpid()), "steps": {
        "hook": {"buckets": {str(bucket_of(813)): 2}, "max": 813},
        "decide": {"buckets": {"3": 1}, "max": 3},
    }}
    assert times.take() is None


def test_the_servers_decision_time_is_read_only_when_it_is_a_sane_number():
    assert [decide_micros({"decide_us": v}) for v in (2.2, 0, 7)] == [3, 0, 7]
    assert [decide_micros(d) for d in ({}, {"decide_us": True}, {"decide_us": "5"}, {"decide_us": -1})] == [None] * 4


async def test_each_routed_request_is_timed_and_the_times_ride_the_next_batch(server, make_handler):
    server.respond = lambda body: (200, dict(DECISION, decide_us=4.2))
    handler = make_handler(usage=False)  # the times travel even with usage recording off
    handler.shipper.flush_delay_s = 0.05
    for _ in range(3):
        await handler.async_pre_call_hook(USER, None, with_litellm_internals(claude_code_body(8), "litellm_metadata"), "anthropic_messages")
    assert server.event_batches == []  # nothing on the request path
    await asyncio.sleep(0.3)
    assert len(server.event_batches) == 1
    batch = server.event_batches[0]
    assert batch["events"] == [] and batch["timing"]["worker"] == str(os.getpid())
    steps = batch["timing"]["steps"]
    assert set(steps) == set(STEPS)
    assert all(sum(steps[step]["buckets"].values()) == 3 for step in STEPS)
    assert steps["decide"] == {"buckets": {"5": 3}, "max": 5}
    parts = sum(steps[step]["max"] for step in ("summary", "round_trip", "apply"))
    assert steps["hook"]["max"] <= parts + 3  # the whole is its parts (each rounded up)


async def test_a_request_the_hook_rejects_is_not_timed(server, make_handler):
    handler = make_handler()
    try:
        await handler.async_pre_call_hook(USER, None, {"model": 5, "messages": "nope"}, "anthropic_messages")
    except Exception:
        pass
    assert handler.times.take() is None
