"""What ccproxy knows about each target, and fitting a request to the one the rules chose.

``ccproxy_hook.json`` carries, per label, the LiteLLM alias and model, the wire API LiteLLM uses for
Anthropic-format traffic (src/providers/wire-api.ts decides it) and the URL it posts to::

    "targets": {"local": {"alias": "ccproxy-local", "model": "openai/qwen2.5-coder",
                          "litellm_model": "hosted_vllm/qwen2.5-coder", "api": "chat",
                          "api_name": "OpenAI chat completions", "url": "http://127.0.0.1:8080/v1/chat/completions",
                          "api_set": false}}

What Claude Code sends and some providers cannot take, fixed here rather than failing upstream:

- ``cache_control`` on a Gemini target: LiteLLM turns it into Gemini's explicit context caching (a
  list call over the account's caches, then a cache created per distinct prefix, billed per hour;
  and a 404 with any custom api_base). Gemini caches repeated prefixes implicitly, so it is removed.
- ``max_tokens`` above the model's output limit in LiteLLM's model map (Claude Code asks 32k–128k;
  deepseek-chat takes 8k, Gemini 64k): lowered to the limit, which providers otherwise answer 400.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping, Optional

OUTPUT_KEYS = {"messages": ("max_tokens",), "chat": ("max_tokens", "max_completion_tokens"), "responses": ("max_output_tokens",)}


@dataclass(frozen=True)
class TargetInfo:
    """One target as LiteLLM serves it."""

    label: str
    alias: str
    model: str  # as written in ccproxy.yaml
    litellm_model: str = ""  # as written in LiteLLM's model_list (openai/ over chat completions becomes hosted_vllm/)
    api: str = "provider"
    api_name: str = "the provider's API"
    url: Optional[str] = None
    api_set: bool = False


def parse_targets(raw: Any, bad) -> dict:
    """{label: TargetInfo} from the settings file; `bad(message)` builds the error for a malformed one."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise bad("targets must be an object of label → target")
    targets = {}
    for label, entry in raw.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("alias"), str) and isinstance(entry.get("model"), str)):
            raise bad("targets.%s needs string alias and model" % label)
        strings = {key: entry[key] for key in ("litellm_model", "api", "api_name", "url") if isinstance(entry.get(key), str)}
        targets[label] = TargetInfo(label=label, alias=entry["alias"], model=entry["model"],
                                    api_set=entry.get("api_set") is True, **strings)
    return targets


def target_of(targets: Mapping[str, TargetInfo], label: Optional[str], alias: Any) -> Optional[TargetInfo]:
    """The target a request went to: by the decision's label, else by the model alias LiteLLM was given."""
    if label in targets:
        return targets[label]
    return next((t for t in targets.values() if t.alias == alias), None)


def adapt(data: dict, call_type: str, target: Optional[TargetInfo]) -> None:
    """Fit the request to its target, in place (see the module's docstring for what and why)."""
    if target is None or target.model.startswith("anthropic/"):
        return
    if target.api == "gemini":
        strip_cache_control(data)
    limit = output_limit(target.model)
    for key in OUTPUT_KEYS.get(call_type, ()):
        value = data.get(key)
        if limit and isinstance(value, int) and not isinstance(value, bool) and value > limit:
            data[key] = limit
            _fit_thinking_budget(data, limit)


def strip_cache_control(data: dict) -> None:
    """Remove cache_control from system blocks, message content blocks and tools (Anthropic and OpenAI shapes)."""
    for key in ("system", "tools"):
        _strip(data.get(key))
    for message in data.get("messages") or ():
        if isinstance(message, dict):
            message.pop("cache_control", None)
            _strip(message.get("content"))


@lru_cache(maxsize=256)
def output_limit(model: str) -> Optional[int]:
    """The model's output token limit in LiteLLM's own model map, or None when it does not know the model."""
    try:
        import litellm

        info = litellm.get_model_info(model)
    except Exception:  # an unmapped model (a local one, a new one): leave max_tokens as the client sent it
        return None
    limit = info.get("max_output_tokens") or info.get("max_tokens")
    return limit if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0 else None


def _strip(blocks: Any) -> None:
    if isinstance(blocks, list):
        for block in blocks:
            if isinstance(block, dict):
                block.pop("cache_control", None)


def _fit_thinking_budget(data: dict, limit: int) -> None:
    """A thinking budget must stay below max_tokens."""
    thinking = data.get("thinking")
    budget = thinking.get("budget_tokens") if isinstance(thinking, dict) else None
    if isinstance(budget, int) and budget >= limit:
        thinking["budget_tokens"] = max(1, limit - 1)
