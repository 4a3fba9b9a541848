"""The summary sent to the hook server (docs/hook-protocol.md): whitelisted fields only.

src/routing/summary.ts builds the same summary from the same body; test/fixtures/summary-vectors.json
holds the cases both must agree on.
"""

from typing import Any, Optional

from .json_bytes import compact_json
from .media import Sections, with_media

PROTOCOL_VERSION = 1

CALL_TYPES = {
    "anthropic_messages": "messages",
    "aanthropic_messages": "messages",
    "acompletion": "chat",
    "completion": "chat",
    "atext_completion": "completion",
    "text_completion": "completion",
    "aembedding": "embedding",
    "embedding": "embedding",
    "embeddings": "embedding",
    "aresponses": "responses",
    "responses": "responses",
    "count_tokens": "count_tokens",
}

# (system, messages, tools) body keys per call type; None means the section does not exist.
# "other" reads like /v1/messages, as in src/routing/summary.ts, though the hook never sends it.
ANTHROPIC_SECTIONS = ("system", "messages", "tools")
SECTIONS = {
    "messages": ANTHROPIC_SECTIONS,
    "count_tokens": ANTHROPIC_SECTIONS,
    "other": ANTHROPIC_SECTIONS,
    "chat": (None, "messages", "tools"),
    "completion": (None, "prompt", None),
    "embedding": (None, "input", None),
    "responses": ("instructions", "input", "tools"),
}
# Call types the hook asks about. Anything else (images, files, MCP, pass-through…) keeps its
# model: a chat alias would break it.
ROUTED = frozenset(("messages", "chat", "completion", "embedding", "responses"))
SECTION_NAMES = ("system", "messages", "tools")
MAX_TOKENS_KEYS = {"responses": ("max_output_tokens",), "chat": ("max_completion_tokens", "max_tokens")}


def normalize_call_type(call_type: Any) -> str:
    """LiteLLM spells call types differently across releases (and passes enums or strings)."""
    return CALL_TYPES.get(getattr(call_type, "value", call_type), "other")


def section_json(body: dict, call_type: str) -> tuple:
    """The compact JSON of the system, messages and tools sections; b"" where absent.

    Image and document payloads count as "" (media.py); their tokens ride along as `.media`.
    """
    keys = SECTIONS[call_type]
    sections = Sections(b"" if key is None or body.get(key) is None else compact_json(body[key]) for key in keys)
    return with_media(sections, body.get(keys[1]), call_type)


def build_summary(body: dict, call_type: str, sections: tuple) -> dict:
    """The RouteSummary for one request: what rules need, nothing more (no headers, no keys)."""
    summary = {"v": PROTOCOL_VERSION, "call_type": call_type, "model": _str_or_empty(body.get("model"))}
    if isinstance(body.get("stream"), bool):
        summary["stream"] = body["stream"]
    max_tokens = json_int(_first_present(body, max_tokens_keys(call_type)))
    if max_tokens is not None:
        summary["max_tokens"] = max_tokens
    thinking = _thinking(body.get("thinking"))
    if thinking is not None:
        summary["thinking"] = thinking
    effort = _effort(body, call_type)
    if effort is not None:
        summary["effort"] = effort
    tools_key = SECTIONS[call_type][2]
    if tools_key is not None and isinstance(body.get(tools_key), list):
        summary["tools"] = [_tool_ref(tool) for tool in body[tools_key]]
    summary["bytes"] = dict(zip(SECTION_NAMES, map(len, sections)))
    media = getattr(sections, "media", None)
    if media:
        summary["media"] = media
    return summary


def section_texts(sections: tuple) -> dict:
    """The `text` field of the second round: the same compact JSON strings the sizes came from."""
    return dict(zip(SECTION_NAMES, (s.decode("utf-8", "surrogatepass") for s in sections)))


def max_tokens_keys(call_type: str) -> tuple:
    """The body keys that set the output limit for a call type, in the order they take precedence."""
    return MAX_TOKENS_KEYS.get(call_type, ("max_tokens",))


def json_int(value: Any) -> Optional[int]:
    """An integer as JSON means it: Python's bools are ints, JSON's are not."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str_or_empty(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _first_present(body: dict, keys: tuple) -> Any:
    """The first key that is present and not null, like `a ?? b` in TypeScript."""
    for key in keys:
        if body.get(key) is not None:
            return body[key]
    return None


def _thinking(thinking: Any) -> Optional[dict]:
    if not isinstance(thinking, dict) or not isinstance(thinking.get("type"), str):
        return None
    out = {"type": thinking["type"]}
    budget = json_int(thinking.get("budget_tokens"))
    if budget is not None:
        out["budget_tokens"] = budget
    return out


def _effort(body: dict, call_type: str) -> Optional[str]:
    """reasoning_effort (chat), reasoning.effort (responses), output_config.effort (Anthropic)."""
    if call_type == "chat":
        effort = body.get("reasoning_effort")
    elif call_type == "responses":
        effort = _get(body.get("reasoning"), "effort")
    elif call_type in ("messages", "count_tokens", "other"):
        effort = _get(body.get("output_config"), "effort")
    else:
        effort = None
    return effort if isinstance(effort, str) else None


def _get(container: Any, key: str) -> Any:
    return container.get(key) if isinstance(container, dict) else None


def _tool_ref(tool: Any) -> dict:
    """A tool's name and type only; schemas are counted in bytes.tools, never sent."""
    ref = {}
    if not isinstance(tool, dict):
        return ref
    name = tool.get("name")
    if not isinstance(name, str):
        name = _get(tool.get("function"), "name")
    if isinstance(name, str):
        ref["name"] = name
    if isinstance(tool.get("type"), str):
        ref["type"] = tool["type"]
    return ref
