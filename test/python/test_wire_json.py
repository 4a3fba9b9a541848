"""Provider request bodies encoded by orjson (wire_json.py): the same JSON value as LiteLLM's json.dumps, Python's
json for whatever orjson refuses or any call with options, installed on the pinned LiteLLM's HTTP handler."""

import json

from litellm.llms.custom_httpx import llm_http_handler

from bodies import claude_code_body
from ccproxy_hook_pkg.wire_json import WireJson, fast_wire_json

wire = WireJson()


def test_a_claude_code_body_is_the_same_json_value_in_utf8():
    body = claude_code_body(76)
    encoded = wire.dumps(body)
    assert json.loads(encoded) == json.loads(json.dumps(body)) == body
    assert any(ord(ch) > 127 for ch in encoded)  # its non-ASCII text travels as UTF-8, not as \\u escapes
    assert len(encoded.encode("utf-8")) < len(json.dumps(body))


def test_what_orjson_refuses_goes_to_pythons_json():
    for body in ({1: "integer key"}, {"n": 2**70}, {"text": "lone \ud800 surrogate"}):
        assert wire.dumps(body) == json.dumps(body)


def test_calls_with_options_and_the_rest_of_the_module_are_pythons_json():
    tools = [{"name": "b"}, {"name": "a", "x": object()}]
    assert wire.dumps(tools, sort_keys=True, default=str) == json.dumps(tools, sort_keys=True, default=str)
    assert wire.loads('{"a": 1}') == {"a": 1} and wire.JSONDecodeError is json.JSONDecodeError


def test_installed_once_on_litellms_http_handler():
    before = llm_http_handler.json
    try:
        assert fast_wire_json() is True
        installed = llm_http_handler.json
        assert isinstance(installed, WireJson)
        assert fast_wire_json() is True and llm_http_handler.json is installed
    finally:
        llm_http_handler.json = before
