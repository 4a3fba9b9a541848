"""The router's usage counting skipped when no deployment has a limit (router_usage.py), against a real LiteLLM
Router: the skip is taken exactly when LiteLLM's own counting would find nothing to count."""

import asyncio

from litellm import Router

from ccproxy_hook_pkg.router_usage import COUNTER, has_limit, skip_unlimited_usage_counts

UNLIMITED = [
    {"model_name": "ccproxy-default", "litellm_params": {"model": "anthropic/claude-sonnet-4-5-20250929", "api_key": "k"}},
    {"model_name": "claude-*", "litellm_params": {"model": "anthropic/claude-*", "api_key": "k"}},
    {"model_name": "local", "litellm_params": {"model": "hosted_vllm/qwen3", "api_base": "http://127.0.0.1:9/v1"}},
    {"model_name": "cheap", "litellm_params": {"model": "openai/gpt-4o-mini", "api_key": "k"}},
]
RPM_LIMITED = {"model_name": "limited", "litellm_params": {"model": "anthropic/claude-haiku-4-5", "api_key": "k", "rpm": 10}}
TOKEN_LIMITED = {"model_name": "metered", "litellm_params": {"model": "anthropic/claude-haiku-4-5", "api_key": "k"}, "tpm": 5000}


def litellms_count(router, deployment) -> object:
    """What LiteLLM's own counting returns for one reply of 100 tokens to this deployment (None: nothing counted)."""
    count = getattr(Router, COUNTER)(router, deployment_id=str(deployment["model_info"]["id"]), deployment_name=None,
                                     model_group=deployment["model_name"], total_tokens=100, rpm_increment=1, parent_otel_span=None)
    return asyncio.run(count)


def test_skipped_when_no_deployment_has_a_limit_and_litellm_would_count_nothing():
    router = Router(model_list=UNLIMITED)
    assert [litellms_count(router, d) for d in router.get_model_list()] == [None] * 4
    assert skip_unlimited_usage_counts(router) is True
    assert asyncio.run(getattr(router, COUNTER)(deployment_id="x", model_group="ccproxy-default", total_tokens=100)) is None
    assert getattr(Router, COUNTER) is not getattr(router, COUNTER)  # the class, and so any other router, is untouched


def test_kept_when_any_deployment_has_a_limit_litellm_counts():
    for limited in (RPM_LIMITED, TOKEN_LIMITED):
        router = Router(model_list=UNLIMITED + [limited])
        assert [has_limit(router, d) for d in router.get_model_list()] == [False] * 4 + [True]
        assert litellms_count(router, router.get_model_list()[-1]) is not None  # LiteLLM counts against that limit
        assert skip_unlimited_usage_counts(router) is False
        assert getattr(router, COUNTER).__func__ is getattr(Router, COUNTER)


def test_installed_once_and_nothing_without_a_router():
    router = Router(model_list=UNLIMITED)
    assert skip_unlimited_usage_counts(router) is True
    skipped = getattr(router, COUNTER)
    assert skip_unlimited_usage_counts(router) is True and getattr(router, COUNTER) is skipped
    assert skip_unlimited_usage_counts(object()) is False
