"""The router's per-minute token and request counts, skipped when no deployment has a limit to count them against.

LiteLLM's router counts every reply twice, once on the request path and once in its success callback. Each time it
builds the deployment object again and deep-copies the model's map entry, and only then finds that the deployment has
no tpm/rpm (or input/output token) limit, so there is nothing to count. ccproxy's model list is fixed when LiteLLM
starts (no database, no model API), so the answer is known once: when no deployment has a limit, the proxy's router
skips the counting. Its per-minute success counts, which its cooldowns read, are kept (they are counted elsewhere).
"""

from .proxy_globals import proxy_global

COUNTER = "_increment_deployment_usage"


def skip_unlimited_usage_counts(router=None) -> bool:
    """No per-reply usage counting on the proxy's router when no deployment has a limit (once); False otherwise."""
    router = proxy_global("llm_router") if router is None else router
    counter = getattr(router, COUNTER, None)
    if counter is None:
        return False
    if getattr(counter, "skipped", False):
        return True
    if any(has_limit(router, deployment) for deployment in router.get_model_list() or []):
        return False

    async def not_counted(**_kwargs):
        return None

    not_counted.skipped = True
    setattr(router, COUNTER, not_counted)  # this router only: the instance attribute shadows the method
    return True


def has_limit(router, deployment) -> bool:
    """LiteLLM's own test in `_increment_deployment_usage`, for one deployment; True when it cannot tell."""
    try:
        from litellm.router_utils.pre_call_checks.io_token_rate_limit_check import deployment_has_io_token_limits

        info = router.get_deployment(model_id=str(deployment["model_info"]["id"]))
        model_info = router.get_router_model_info(deployment=info, received_model_name=deployment["model_name"])
        limits = (info.get("tpm"), info.get("rpm"), info.litellm_params.tpm, info.litellm_params.rpm,
                  model_info.get("tpm"), model_info.get("rpm"))
        return any(limit is not None for limit in limits) or deployment_has_io_token_limits(info.model_dump())
    except Exception:  # an entry LiteLLM's test would not expect: keep LiteLLM's counting
        return True
