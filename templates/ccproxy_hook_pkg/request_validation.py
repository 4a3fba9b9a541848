"""The caller's mistakes LiteLLM would pass on to the provider, or answer with a 500."""

import json
from typing import Any

from .errors import ValidationError
from .summary import json_int, max_tokens_keys

MAX_TOKENS_LIMIT = 1_000_000
MESSAGE_LISTS = {"messages": "messages", "chat": "messages"}


def validate_request(data: dict, call_type: str) -> None:
    """Raise ValidationError naming the first field that no provider could accept."""
    model = data.get("model")
    if not isinstance(model, str) or not model.strip():
        raise ValidationError("`model` is required: a non-empty string naming the model")
    key = MESSAGE_LISTS.get(call_type)
    if key is not None:
        value = data.get(key)
        if not isinstance(value, list):
            raise ValidationError("`%s` must be an array of messages, got %s" % (key, _json_type(value)))
        if not value:
            raise ValidationError("`%s` must contain at least one message" % key)
    for name in max_tokens_keys(call_type):
        value = data.get(name)
        if value is not None and not (json_int(value) is not None and 1 <= value <= MAX_TOKENS_LIMIT):
            raise ValidationError("`%s` must be an integer from 1 to %d, got %s" % (name, MAX_TOKENS_LIMIT, _short(value)))


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "nothing"}
    return names.get(type(value), "a number")


def _short(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 40 else text[:37] + "..."
