"""Fallback chains per request, the OAuth filter, the exhausted chain's error, and the served-by header."""

import asyncio
import json
from contextlib import contextmanager

import pytest
from litellm.proxy._types import UserAPIKeyAuth

from ccproxy_hook_pkg.error_layer import Exchange, current_exchange
from ccproxy_hook_pkg.errors import UpstreamError, UpstreamUnavailable
from ccproxy_hook_pkg.fallbacks import apply_fallbacks, chain_error, served_by
from ccproxy_hook_pkg.served import ServedCounter, SERVED
from ccproxy_hook_pkg.settings import ValidationError, load_settings

from bodies import claude_code_body, with_litellm_internals
from conftest import DECISION

TARGETS = {
    "default": {"alias": "ccproxy-default", "fallbacks": ("think", "background"), "context_window_fallbacks": ("long",),
                "oauth_fallbacks": ("background",), "oauth_context_window_fallbacks": ()},
    "think": {"alias": "ccproxy-think", "fallbacks": (), "context_window_fallbacks": (), "oauth_fallbacks": (),
              "oauth_context_window_fallbacks": ()},
    "background": {"alias": "ccproxy-background", "fallbacks": (), "context_window_fallbacks": (), "oauth_fallbacks": (),
                   "oauth_context_window_fallbacks": ()},
    "long": {"alias": "ccproxy-long", "fallbacks": (), "context_window_fallbacks": (), "oauth_fallbacks": (),
             "oauth_context_window_fallbacks": ()},
}


def test_a_label_gets_its_chains_keyed_by_the_alias_it_carries():
    data = {"model": "claude-sonnet-4-5"}
    apply_fallbacks(data, "default", TARGETS, oauth=False)
    assert data["fallbacks"] == [{"claude-sonnet-4-5": ["ccproxy-think", "ccproxy-background"]}]
    assert data["context_window_fallbacks"] == [{"claude-sonnet-4-5": ["ccproxy-long"]}]
    assert "disable_fallbacks" not in data


def test_an_oauth_request_keeps_only_forward_oauth_targets_and_with_none_fallbacks_are_off():
    data = {"model": "ccproxy-default"}
    apply_fallbacks(data, "default", TARGETS, oauth=True)
    assert data["fallbacks"] == [{"ccproxy-default": ["ccproxy-background"]}]
    assert data["context_window_fallbacks"] == []
    assert "disable_fallbacks" not in data
    data = {"model": "ccproxy-think"}
    apply_fallbacks(data, "think", TARGETS, oauth=True)
    assert (data["fallbacks"], data["context_window_fallbacks"], data["disable_fallbacks"]) == ([], [], True)


def test_a_clients_own_fallback_lists_are_replaced():
    data = {"model": "ccproxy-think", "fallbacks": ["ccproxy-default"], "context_window_fallbacks": [{"x": ["y"]}],
            "content_policy_fallbacks": [{"ccproxy-think": ["ccproxy-default"]}]}
    apply_fallbacks(data, "think", TARGETS, oauth=False)
    assert data["fallbacks"] == [] and data["context_window_fallbacks"] == []
    assert "content_policy_fallbacks" not in data


def test_an_unknown_or_missing_label_gets_no_chain():
    for label in (None, "gone"):
        data = {"model": "ccproxy-default"}
        apply_fallbacks(data, label, TARGETS, oauth=False)
        assert data["fallbacks"] == [] and data["context_window_fallbacks"] == []


def test_an_exhausted_chain_reports_the_last_error_and_names_the_labels():
    attempts = [
        ("claude-sonnet-4-5", UpstreamError("claude-sonnet-4-5 answered HTTP 529: overloaded_error: busy", 529, "3")),
        ("ccproxy-think", UpstreamUnavailable("connection to ccproxy-think failed: refused")),
        ("ccproxy-background", UpstreamError("ccproxy-background answered HTTP 500: api_error: down", 500)),
    ]
    err = chain_error(attempts, "default", TARGETS)
    assert isinstance(err, UpstreamError) and err.code == 500
    assert err.message == ("ccproxy-background answered HTTP 500: api_error: down "
                           "(every target in the fallback chain failed: default, think, background)")
    assert attempts[-1][1].message == "ccproxy-background answered HTTP 500: api_error: down"  # not mutated
    assert chain_error(attempts[:1], "default", TARGETS) is None
    assert chain_error([attempts[0], attempts[0]], "default", TARGETS) is None  # retries of one target: not a chain
    assert chain_error(None) is None


def start(headers):
    return {"type": "http.response.start", "status": 200, "headers": headers}


def test_served_by_names_the_target_and_a_fallback(monkeypatch):
    counter = ServedCounter()
    monkeypatch.setattr("ccproxy_hook_pkg.fallbacks.SERVED", counter)
    exchange = Exchange()
    exchange.route = "default"
    plain = served_by(start([(b"x-litellm-model-id", b"default+claude")]), exchange)
    assert dict(plain["headers"])[b"x-ccproxy-target"] == b"default"
    assert b"x-ccproxy-fallback-from" not in dict(plain["headers"])
    moved = dict(served_by(start([(b"x-litellm-model-id", b"think")]), exchange)["headers"])
    assert (moved[b"x-ccproxy-target"], moved[b"x-ccproxy-fallback-from"]) == (b"think", b"default")
    untouched = start([(b"content-type", b"application/json")])
    assert served_by(untouched, exchange) is untouched
    assert counter.counts == {("default", "default"): 1, ("default", "think"): 1}


async def test_served_counts_are_pushed_in_one_batch():
    pushed = []

    class Client:
        async def post_json(self, path, payload, timeout_s):
            pushed.append((path, payload))
            return 200

    counter = ServedCounter()
    counter.bind(Client())
    counter.note("default", "think")
    counter.note("default", "think")
    counter.note("background", "background")
    counter.note_exhausted("default")
    assert counter.timer is not None
    counter.timer.cancel()
    await counter.flush()
    ((path, payload),) = pushed
    assert path == "/v1/served"
    assert payload["served"] == [{"route": "default", "served": "think", "n": 2}, {"route": "background", "served": "background", "n": 1}]
    assert payload["exhausted"] == [{"route": "default", "n": 1}]
    assert counter.batch() is None


async def test_a_failed_push_is_dropped_quietly():
    class Down:
        async def post_json(self, path, payload, timeout_s):
            raise OSError("refused")

    counter = ServedCounter()
    counter.bind(Down())
    counter.note("default", "default")
    counter.timer.cancel()
    await counter.flush()
    assert counter.counts == {}


def test_settings_carry_each_labels_chains(tmp_path):
    path = tmp_path / "ccproxy_hook.json"
    path.write_text(json.dumps({"protocol": 1, "socket": "/run/h.sock", "default_label": "default", "targets": {
        "default": {"alias": "ccproxy-default", "model": "anthropic/x", "fallbacks": ["think"], "oauth_fallbacks": []},
        "think": {"alias": "ccproxy-think", "model": "openai/y"},
    }}))
    settings = load_settings(str(path), env={})
    assert settings.default_label == "default"
    assert settings.chains["default"]["fallbacks"] == ("think",)
    assert settings.chains["think"]["context_window_fallbacks"] == ()
    assert settings.targets["think"].alias == "ccproxy-think"  # the same entries, read as targets.py reads them
    path.write_text(json.dumps({"protocol": 1, "socket": "/run/h.sock", "targets": {"default": {"alias": "a", "model": "m", "fallbacks": ["nope"]}}}))
    with pytest.raises(ValidationError, match="targets.default.fallbacks must list defined target labels"):
        load_settings(str(path), env={})


@contextmanager
def in_exchange(exchange):
    """The request's exchange, as the ErrorLayer sets it around LiteLLM's handling."""
    token = current_exchange.set(exchange)
    try:
        yield exchange
    finally:
        current_exchange.reset(token)


USER = UserAPIKeyAuth(api_key="hashed", user_id="u1")


async def test_the_handler_sets_the_chain_and_the_route_on_each_request(server, make_handler):
    handler = make_handler(chains={"think": {**TARGETS["think"], "fallbacks": ("default",)}, "default": TARGETS["default"]})
    exchange = Exchange()
    with in_exchange(exchange):
        data = with_litellm_internals(claude_code_body(4), "litellm_metadata")
        await handler.async_pre_call_hook(USER, None, data, "anthropic_messages")
    assert data["model"] == DECISION["alias"]
    assert data["fallbacks"] == [{"ccproxy-think": ["ccproxy-default"]}]
    assert exchange.route == "think"


async def test_each_failed_attempt_is_kept_and_the_last_one_answers(server, make_handler):
    handler = make_handler(chains=TARGETS)
    exchange = Exchange()
    exchange.route = "default"
    with in_exchange(exchange):
        for alias, status in (("claude-sonnet-4-5", 529), ("ccproxy-think", 503)):
            exc = UpstreamError("%s answered HTTP %d" % (alias, status), status)
            await handler.async_post_call_failure_deployment_hook({"model": "x", "litellm_metadata": {"model_group": alias}}, exc, None)
        await handler.async_post_call_failure_hook({"model": "claude-sonnet-4-5"}, UpstreamError("first", 529), USER)
    assert exchange.error.code == 503
    assert exchange.error.message == "ccproxy-think answered HTTP 503 (every target in the fallback chain failed: default, think)"
    SERVED.exhausted.clear()
    if SERVED.timer:
        SERVED.timer.cancel()
        SERVED.timer = None


async def test_an_oauth_request_gets_the_oauth_chain(server, make_handler):
    targets = dict(TARGETS, think={**TARGETS["think"], "fallbacks": ("default", "background"), "oauth_fallbacks": ("background",)})
    handler = make_handler(chains=targets, oauth_labels=("think", "background"))
    exchange = Exchange(oauth=True)
    with in_exchange(exchange):
        data = with_litellm_internals(claude_code_body(4), "litellm_metadata")
        await handler.async_pre_call_hook(USER, None, data, "anthropic_messages")
    assert data["fallbacks"] == [{"ccproxy-think": ["ccproxy-background"]}]
