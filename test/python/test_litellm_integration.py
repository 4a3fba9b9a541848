"""LiteLLM's own machinery loads the hook from the config dir and runs it on the pre-call path."""

import json

import litellm
import pytest
from fastapi import HTTPException
from litellm.caching.caching import DualCache
from litellm.proxy._types import UserAPIKeyAuth
from litellm.proxy.common_utils.callback_utils import initialize_callbacks_on_proxy
from litellm.proxy.utils import ProxyLogging

from conftest import install_hook


@pytest.fixture
def config_dir(tmp_path, monkeypatch, server):
    """A config dir as `ccproxy init` writes it: config.yaml, ccproxy_hook.py, its package and its settings."""
    for var in ("CCPROXY_HOOK_SETTINGS", "CCPROXY_HOOK_SOCKET"):
        monkeypatch.delenv(var, raising=False)
    install_hook(tmp_path)
    (tmp_path / "config.yaml").write_text("litellm_settings:\n  callbacks: [ccproxy_hook.handler]\n")
    settings = {"protocol": 1, "socket": server.path, "timeout_ms": 500, "on_failure": "fail_closed", "default_alias": "d"}
    (tmp_path / "ccproxy_hook.json").write_text(json.dumps(settings))
    return tmp_path


@pytest.fixture
def registered(config_dir, monkeypatch):
    """litellm.callbacks after LiteLLM's own config loader resolved "ccproxy_hook.handler"."""
    monkeypatch.setattr(litellm, "callbacks", [])
    initialize_callbacks_on_proxy(
        value=["ccproxy_hook.handler"],
        premium_user=False,
        config_file_path=str(config_dir / "config.yaml"),
        litellm_settings={},
    )
    (handler,) = [cb for cb in litellm.callbacks if type(cb).__name__ == "CCProxyHandler"]
    return handler


async def test_callbacks_entry_resolves_beside_config_yaml_and_reads_its_settings(registered, config_dir):
    assert type(registered).__module__ == "ccproxy_hook_pkg.handler"
    assert isinstance(registered, litellm.integrations.custom_logger.CustomLogger)
    assert registered.settings.socket.endswith("hook.sock")
    assert registered.settings.on_failure == "fail_closed"  # from the json beside the copied module


async def test_proxy_logging_pre_call_hook_runs_our_hook(registered, server):
    caps = ProxyLogging.callback_capabilities()
    assert caps.has_pre_call_override
    assert not caps.has_streaming_chunk_override and not caps.has_iterator_override
    proxy_logging = ProxyLogging(user_api_key_cache=DualCache())
    data = {
        "model": "claude-sonnet-4-5",
        "messages": [{"role": "user", "content": "hi"}],
        "metadata": {"user_id": "u"},
        "litellm_metadata": {},
    }
    try:
        out = await proxy_logging.pre_call_hook(
            user_api_key_dict=UserAPIKeyAuth(api_key="sk-test"), data=data, call_type="anthropic_messages"
        )
    finally:
        await registered.client.aclose()
    assert out["model"] == "ccproxy-think"
    assert out["litellm_metadata"]["ccproxy"]["rule"] == "thinking"
    assert out["metadata"] == {"user_id": "u"}
    assert len(server.received) == 1


async def test_an_http_exception_from_our_hook_propagates_out_of_proxy_logging(registered, server):
    server.respond = lambda raw: (500, b"{}")
    proxy_logging = ProxyLogging(user_api_key_cache=DualCache())
    data = {"model": "gpt-5", "messages": [{"role": "user", "content": "hi"}], "metadata": {}}
    try:
        with pytest.raises(HTTPException) as caught:
            await proxy_logging.pre_call_hook(user_api_key_dict=UserAPIKeyAuth(), data=data, call_type="acompletion")
    finally:
        await registered.client.aclose()
    assert caught.value.status_code == 503
    assert caught.value.detail["type"] == "HookUnavailable"
