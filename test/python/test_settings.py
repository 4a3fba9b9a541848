"""ccproxy_hook.json beside the module, overridden by CCPROXY_* environment variables."""

import importlib.util
import json
import os

import pytest

from ccproxy_hook_pkg.errors import ValidationError
from ccproxy_hook_pkg.settings import load_settings
from conftest import install_hook

# Every test below names its file in CCPROXY_HOOK_SETTINGS, which wins over the default path.
NO_DEFAULT_FILE = "/nonexistent/ccproxy_hook.json"


def write(tmp_path, settings):
    path = tmp_path / "ccproxy_hook.json"
    path.write_text(json.dumps(settings))
    return {"CCPROXY_HOOK_SETTINGS": str(path)}


def load_shim(config_dir):
    """ccproxy_hook.py loaded from `config_dir` the way LiteLLM loads it: by path, not registered."""
    spec = importlib.util.spec_from_file_location("ccproxy_hook", os.path.join(config_dir, "ccproxy_hook.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_defaults_file_is_beside_the_module(tmp_path, monkeypatch):
    for var in ("CCPROXY_HOOK_SETTINGS", "CCPROXY_HOOK_SOCKET", "CCPROXY_HOOK_URL"):
        monkeypatch.delenv(var, raising=False)
    install_hook(tmp_path)
    write(tmp_path, {"protocol": 1, "socket": "/run/beside.sock"})
    hook = load_shim(tmp_path)
    assert hook.DEFAULT_SETTINGS_PATH == os.path.join(os.path.dirname(os.path.abspath(hook.__file__)), "ccproxy_hook.json")
    assert hook.handler.settings.socket == "/run/beside.sock"


def test_file_values_are_read(tmp_path):
    env = write(tmp_path, {"protocol": 1, "url": "http://127.0.0.1:4100/", "timeout_ms": 50,
                           "on_failure": "fail_closed", "default_alias": "fallback"})
    s = load_settings(NO_DEFAULT_FILE, env)
    assert (s.socket, s.url, s.timeout_ms, s.on_failure, s.default_alias) == (
        None, "http://127.0.0.1:4100", 50.0, "fail_closed", "fallback")


def test_environment_overrides_the_file_and_replaces_its_transport(tmp_path):
    env = write(tmp_path, {"url": "http://127.0.0.1:4100", "timeout_ms": 50, "on_failure": "fail_closed"})
    env.update(CCPROXY_HOOK_SOCKET="/run/ccproxy/hook.sock", CCPROXY_HOOK_TIMEOUT_MS="75",
               CCPROXY_ON_FAILURE="fail_open", CCPROXY_DEFAULT_ALIAS="other")
    s = load_settings(NO_DEFAULT_FILE, env)
    assert (s.socket, s.url, s.timeout_ms, s.on_failure, s.default_alias) == (
        "/run/ccproxy/hook.sock", None, 75.0, "fail_open", "other")


def test_cluster_and_drain_file_are_read(tmp_path):
    s = load_settings(NO_DEFAULT_FILE, write(tmp_path, {"socket": "/a.sock", "cluster": True, "drain_file": "/run/ccproxy/draining"}))
    assert (s.cluster, s.drain_file) == (True, "/run/ccproxy/draining")


def test_defaults_apply_when_only_the_transport_is_given(tmp_path):
    s = load_settings(NO_DEFAULT_FILE, {"CCPROXY_HOOK_SETTINGS": str(tmp_path / "absent.json"), "CCPROXY_HOOK_URL": "http://127.0.0.1:9"})
    assert (s.timeout_ms, s.on_failure, s.default_alias) == (200.0, "fail_open", "ccproxy-default")


@pytest.mark.parametrize(
    "settings, message",
    [
        ({}, "set exactly one of socket"),
        ({"socket": "/a.sock", "url": "http://x:1"}, "set exactly one of socket"),
        ({"socket": "relative.sock"}, "socket must be an absolute path"),
        ({"url": "127.0.0.1:4100"}, "url must start with http://"),
        ({"socket": "/a.sock", "timeout_ms": "soon"}, "timeout_ms must be a number"),
        ({"socket": "/a.sock", "timeout_ms": 0}, "timeout_ms must be positive"),
        ({"socket": "/a.sock", "on_failure": "retry"}, "on_failure must be fail_open or fail_closed"),
        ({"socket": "/a.sock", "default_alias": ""}, "default_alias must be a non-empty string"),
        ({"socket": "/a.sock", "protocol": 2}, "protocol 2 is not supported"),
        ({"socket": "/a.sock", "cluster": "yes"}, "cluster must be true or false"),
        ({"socket": "/a.sock", "drain_file": "draining"}, "drain_file must be an absolute path"),
    ],
)
def test_unusable_settings_are_refused_with_the_file_named(tmp_path, settings, message):
    env = write(tmp_path, settings)
    with pytest.raises(ValidationError) as caught:
        load_settings(NO_DEFAULT_FILE, env)
    assert message in caught.value.message
    assert env["CCPROXY_HOOK_SETTINGS"] in caught.value.message


def test_a_broken_settings_file_is_refused(tmp_path):
    path = tmp_path / "ccproxy_hook.json"
    path.write_text("{not json")
    with pytest.raises(ValidationError, match="not valid JSON"):
        load_settings(NO_DEFAULT_FILE, {"CCPROXY_HOOK_SETTINGS": str(path)})

