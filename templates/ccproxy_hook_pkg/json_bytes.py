"""Compact UTF-8 JSON: the bytes the hook server's JSON.stringify would write for the same value.

Summary sizes are measured on these bytes on both sides, so they must match byte for byte.
"""

import json
from typing import Any

try:
    import orjson
except ImportError:  # orjson ships with litellm[proxy]; plain json keeps the hook working without it
    orjson = None


def _stdlib_compact_json(value: Any) -> bytes:
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
    return text.encode("utf-8", "surrogatepass")


if orjson is not None:

    def compact_json(value: Any) -> bytes:
        """Compact UTF-8 JSON, non-ASCII unescaped: the same bytes as JSON.stringify in the server."""
        try:  # plain JSON first: ~30% faster than with the options below, same bytes
            return orjson.dumps(value)
        except TypeError:  # orjson.JSONEncodeError too: non-string keys, other types, big ints...
            pass
        try:
            return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS, default=str)
        except (TypeError, orjson.JSONEncodeError):  # e.g. integers beyond 64 bits, lone surrogates
            return _stdlib_compact_json(value)

    def loads(raw: bytes) -> Any:
        """Parse the hook server's answer (orjson: the hot path)."""
        return orjson.loads(raw)

else:

    def compact_json(value: Any) -> bytes:
        """Compact UTF-8 JSON, non-ASCII unescaped: the same bytes as JSON.stringify in the server."""
        return _stdlib_compact_json(value)

    def loads(raw: bytes) -> Any:
        """Parse the hook server's answer."""
        return json.loads(raw)
