"""Anthropic model capabilities remembered per model (capabilities.py): the same answers as LiteLLM's own look-up
against the pinned LiteLLM's model map, each looked up once."""

from litellm.llms.anthropic.common_utils import AnthropicModelInfo

from ccproxy_hook_pkg.capabilities import LOOKUP, remember_capabilities

MODELS = ("claude-sonnet-4-5-20250929", "claude-opus-4-6", "claude-haiku-4-5-20251001", "claude-opus-4-7", "my-own-model")
CAPABILITIES = ("supports_adaptive_thinking", "supports_legacy_thinking", "thinking_always_on")


def litellms_own():
    installed = AnthropicModelInfo.__dict__[LOOKUP].__func__
    return getattr(installed, "__wrapped__", installed)  # another test's first request may have installed it


def test_the_same_answers_as_litellms_look_up_each_computed_once():
    own = litellms_own()
    expected = {(m, c): own(m, c, "anthropic") for m in MODELS for c in CAPABILITIES}
    assert any(expected.values()) and not all(expected.values())  # the map tells these models apart
    assert remember_capabilities() is True
    remembered = AnthropicModelInfo.__dict__[LOOKUP].__func__
    remembered.cache_clear()
    for _ in range(3):
        assert {(m, c): AnthropicModelInfo._supports_model_capability(m, c, "anthropic") for m in MODELS for c in CAPABILITIES} == expected
    assert remembered.cache_info().misses == len(expected) and remembered.cache_info().hits == 2 * len(expected)


def test_installed_once():
    assert remember_capabilities() is True
    remembered = AnthropicModelInfo.__dict__[LOOKUP].__func__
    assert remember_capabilities() is True and AnthropicModelInfo.__dict__[LOOKUP].__func__ is remembered
    assert not hasattr(remembered.__wrapped__, "cache_info")
