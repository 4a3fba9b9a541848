"""Anthropic model capabilities looked up once per model, not on every request.

Before it sends a request, LiteLLM's Anthropic code asks its model map whether the model thinks adaptively, accepts
legacy thinking and so on: each answer resolves the provider and walks the model map again (~2 % of LiteLLM's CPU per
request). The answer depends only on the model, the capability, the provider and the model map; ccproxy's model map
is LiteLLM's local copy (`LITELLM_LOCAL_MODEL_COST_MAP`, never fetched) with the deployments registered at start-up, so
each answer is remembered (bounded) instead.
"""

import functools

from .static_patch import wrap_static_method

MODEL_INFO = "litellm.llms.anthropic.common_utils"
LOOKUP = "_supports_model_capability"
REMEMBERED = 1024


def remember_capabilities() -> bool:
    """LiteLLM's capability look-up memoized (once); False when this LiteLLM has no such static method."""
    return wrap_static_method(MODEL_INFO, "AnthropicModelInfo", LOOKUP, "cache_info", _remembered)


def _remembered(_model_info, lookup):
    """LiteLLM's look-up behind a bounded cache of its answers."""
    return functools.lru_cache(maxsize=REMEMBERED)(lookup)
