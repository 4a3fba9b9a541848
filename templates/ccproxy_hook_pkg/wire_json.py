"""The request bodies LiteLLM sends to providers, encoded by orjson instead of Python's json module.

LiteLLM's HTTP handler writes every provider request with ``json.dumps(body)``: for a 76 KB Claude Code request that
was 3 % of LiteLLM's CPU per request, on the request path, and it grows with the conversation. orjson (which LiteLLM
already installs and uses to parse requests) writes the same JSON value in ~40 % of the time, decoding to a str
included, as UTF-8 where ``json.dumps`` writes ASCII escapes. Only plain ``dumps(obj)`` calls change; a body orjson refuses (non-string keys, integers beyond
64 bits, lone surrogates) and every call with options still goes to Python's json.
"""

import json

from .static_patch import replace_module_name

try:
    import orjson
except ImportError:  # orjson ships with litellm[proxy]; without it LiteLLM keeps Python's json
    orjson = None

HANDLER_MODULE = "litellm.llms.custom_httpx.llm_http_handler"


class WireJson:
    """The json module as LiteLLM's HTTP handler uses it, with plain ``dumps(obj)`` by orjson."""

    def __getattr__(self, name):
        return getattr(json, name)

    @staticmethod
    def dumps(obj, **options) -> str:
        """``json.dumps(obj)`` by orjson; with options, or for what orjson refuses, Python's own."""
        if not options:
            try:
                return orjson.dumps(obj).decode("utf-8")
            except (TypeError, orjson.JSONEncodeError):
                pass
        return json.dumps(obj, **options)


def fast_wire_json() -> bool:
    """LiteLLM's HTTP handler encodes request bodies with orjson (once); False without orjson or a module-level json."""
    return orjson is not None and replace_module_name(HANDLER_MODULE, "json", json, WireJson())
