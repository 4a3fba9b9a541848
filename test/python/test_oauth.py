"""Claude subscription (OAuth) requests: keyless admission from loopback only, and targets that take the token."""

import pytest
from litellm.proxy._types import UserAPIKeyAuth

from ccproxy_hook_pkg.error_layer import ErrorLayer, Exchange, current_exchange
from ccproxy_hook_pkg.errors import OAuthNotAllowed, Rejection
from ccproxy_hook_pkg.oauth import admitted, carries_oauth_token, keyless_allowed
from ccproxy_hook_pkg.settings import Settings

TOKEN = b"Bearer sk-ant-oat01-canary-token"
USER = UserAPIKeyAuth(api_key="hashed", user_id="u1")


def scope(client="127.0.0.1", headers=()):
    return {"type": "http", "method": "POST", "path": "/v1/messages", "client": (client, 50000),
            "headers": [(b"content-type", b"application/json"), (b"authorization", TOKEN), *headers]}


def test_only_an_oauth_bearer_counts():
    assert carries_oauth_token(scope())
    assert not carries_oauth_token({"headers": [(b"authorization", b"Bearer sk-master")]})
    assert not carries_oauth_token({"headers": [(b"x-api-key", b"sk-ant-oat01-x")]})


@pytest.mark.parametrize("listen, client, extra, allowed", [
    ("127.0.0.1", "127.0.0.1", (), True),
    ("::1", "::1", (), True),
    ("0.0.0.0", "127.0.0.1", (), False),  # remote mode: everyone needs the master key
    ("127.0.0.1", "10.0.0.7", (), False),
    ("127.0.0.1", "127.0.0.1", ((b"x-forwarded-for", b"203.0.113.9"),), False),  # behind a proxy
])
def test_keyless_admission_is_for_direct_loopback_clients_of_a_loopback_proxy(listen, client, extra, allowed):
    assert keyless_allowed(scope(client, extra), listen) is allowed


def test_a_cluster_replica_never_admits_keyless_requests_even_from_loopback():
    # the load balancer may run on the same machine: its connections come from 127.0.0.1 without forwarding headers
    assert keyless_allowed(scope(), "127.0.0.1", cluster=True) is False
    assert keyless_allowed(scope(), "127.0.0.1", cluster=False) is True


def test_admission_adds_the_master_key_for_litellm_and_keeps_the_token_for_anthropic(monkeypatch):
    import sys
    import types
    monkeypatch.setitem(sys.modules, "litellm.proxy.proxy_server", types.SimpleNamespace(master_key="sk-master"))
    headers = dict(admitted(scope())["headers"])
    assert headers[b"x-litellm-api-key"] == b"sk-master"
    assert headers[b"authorization"] == TOKEN
    own = scope(headers=((b"x-litellm-api-key", b"sk-client"),))
    assert admitted(own) is own


async def test_the_layer_admits_and_marks_the_exchange():
    seen = {}

    async def app(scope_, receive, send):
        seen["headers"] = dict(scope_["headers"])
        seen["oauth"] = current_exchange.get().oauth
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    async def receive():
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message):
        pass

    await ErrorLayer(app, Settings(socket="/tmp/x.sock"))(scope(), receive, send)
    assert seen["oauth"] is True and b"x-litellm-api-key" in seen["headers"]
    await ErrorLayer(app, Settings(socket="/tmp/x.sock", listen_host="0.0.0.0"))(scope(), receive, send)
    assert seen["oauth"] is True and b"x-litellm-api-key" not in seen["headers"]


async def route_with_oauth(handler):
    token = current_exchange.set(Exchange(oauth=True))
    try:
        return await handler.async_pre_call_hook(USER, None, {"model": "claude-sonnet-5-5", "messages": [{"role": "user", "content": "hi"}]}, "anthropic_messages")
    finally:
        current_exchange.reset(token)


async def test_a_subscription_request_is_served_by_a_target_that_takes_the_token(server, make_handler):
    data = await route_with_oauth(make_handler(oauth_labels=("think",)))  # the fake server decides "think"
    assert data["model"] == "ccproxy-think"


async def test_a_target_that_does_not_take_the_token_answers_403_and_never_sees_it(server, make_handler):
    with pytest.raises(Rejection) as raised:
        await route_with_oauth(make_handler(oauth_labels=("default",)))
    assert isinstance(raised.value.error, OAuthNotAllowed)
    assert raised.value.status_code == 403
    assert "targets.think.forward_oauth" in raised.value.error.message
    assert "canary" not in raised.value.error.message


async def test_fail_open_serves_a_subscription_request_only_on_a_default_that_takes_it(make_handler, tmp_path):
    dead = str(tmp_path / "nothing.sock")
    data = await route_with_oauth(make_handler(socket=dead, oauth_labels=("default",), default_label="default"))
    assert data["model"] == "ccproxy-default"
    with pytest.raises(Rejection):
        await route_with_oauth(make_handler(socket=dead, oauth_labels=(), default_label="default"))
