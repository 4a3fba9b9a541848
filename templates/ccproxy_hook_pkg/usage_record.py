"""The usage record of one served request, built from what LiteLLM hands its success and failure events.

Whitelisted fields only: no prompt, no reply, no header but the Claude Code session id, no key, no
api_base (it may carry credentials). The hook server appends these records to the usage files and
keeps per-label figures; docs/hook-protocol.md (POST /v1/events) lists the fields.
"""

import datetime
import json
import re
from typing import Any, Optional

from .classify import classify
from .summary import json_int, normalize_call_type
from .targets import target_of

RECORD_VERSION = 1
SESSION_HEADER = "x-claude-code-session-id"
SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
# Older Claude Code versions: metadata.user_id = "user_<hash>_account_<uuid>_session_<uuid>"
LEGACY_SESSION = re.compile(r"_session_([0-9a-fA-F-]{36})$")
# LiteLLM's zero-cost diagnostic reasons that mean "the price is unknown", not "it cost nothing"
UNKNOWN_PRICE = frozenset(("missing_pricing_key", "cost_calculation_error"))


def build_record(kwargs: dict, ok: bool, request_timeout_s: float = 600.0, targets: Optional[dict] = None) -> Optional[dict]:
    """The record for one request, or None for calls that are not a client's (LiteLLM's own health checks).

    `targets` (Settings.targets) names models as ccproxy.yaml writes them: an openai/ target on another server is
    LiteLLM's hosted_vllm/ deployment, and the record says openai/ as the user does.
    """
    params = _dict(kwargs.get("litellm_params"))
    if not params.get("proxy_server_request"):
        return None
    slo = _dict(kwargs.get("standard_logging_object"))
    decision = ccproxy_decision(params)
    started, ended = _number(slo.get("startTime")), _number(slo.get("endTime"))
    stream = slo.get("stream") is True or kwargs.get("stream") is True
    record = {
        "v": RECORD_VERSION,
        "ts": _iso(ended),
        "id": _text(slo.get("litellm_call_id") or kwargs.get("litellm_call_id")),
        "label": _text(decision.get("label")),
        "rule": _text(decision.get("rule")),
        "alias": _text(slo.get("model_group")),
        "model": configured_model(_text(slo.get("model") or kwargs.get("model") or decision.get("model")), targets, decision, slo),
        "provider": _text(slo.get("custom_llm_provider") or kwargs.get("custom_llm_provider")),
        "call_type": normalize_call_type(slo.get("call_type") or kwargs.get("call_type")),
        "stream": stream,
        "ok": ok,
    }
    record.update(tokens(slo))
    record["cost"] = cost(kwargs, slo)
    record["latency_ms"] = _ms(started, ended)
    first = _number(slo.get("completionStartTime"))
    record["ttft_ms"] = _ms(started, first) if stream and first is not None and ok else None
    record["session"] = session_id(slo, params)
    if not ok:
        record["error"] = error_of(kwargs, record["model"] or "the provider", request_timeout_s)
    return record


def configured_model(model: Optional[str], targets: Optional[dict], decision: dict, slo: dict) -> Optional[str]:
    """The target's model as written in ccproxy.yaml when LiteLLM called it under its own name."""
    target = target_of(targets or {}, decision.get("label"), slo.get("model_group"))
    if target is None or not target.litellm_model or model is None:
        return model
    return target.model if model in (target.litellm_model, target.litellm_model.split("/", 1)[-1]) else model


def ccproxy_decision(params: dict) -> dict:
    """The decision handler.route wrote into LiteLLM's own metadata (litellm_metadata or metadata)."""
    for key in ("litellm_metadata", "metadata"):
        decision = _dict(params.get(key)).get("ccproxy")
        if isinstance(decision, dict):
            return decision
    return {}


def tokens(slo: dict) -> dict:
    """Input (all of it, cached included), output, and the cache's share of the input.

    LiteLLM's prompt_tokens counts every input token for both Anthropic (input + cache read + cache
    write) and OpenAI (cached_tokens is part of prompt_tokens), so the figures add up the same way.
    """
    usage = _dict(_dict(slo.get("metadata")).get("usage_object"))
    details = _dict(usage.get("prompt_tokens_details"))
    cache_read = json_int(usage.get("cache_read_input_tokens"))
    if cache_read is None:
        cache_read = json_int(details.get("cached_tokens"))
    cache_write = json_int(usage.get("cache_creation_input_tokens"))
    if cache_write is None:
        cache_write = json_int(details.get("cache_creation_tokens"))
    return {
        "in": json_int(slo.get("prompt_tokens")) or json_int(usage.get("prompt_tokens")) or 0,
        "out": json_int(slo.get("completion_tokens")) or json_int(usage.get("completion_tokens")) or 0,
        "cache_read": cache_read or 0,
        "cache_write": cache_write or 0,
    }


def cost(kwargs: dict, slo: dict) -> Optional[float]:
    """LiteLLM's computed cost in USD; None when it does not know the model's price (never a made-up 0).

    Unknown prices show up three ways: no cost at all (the model is not in the cost map), a diagnostic
    saying so, or a 0 computed from the all-zero entry the router registers for a deployment whose
    model the map does not know (an openai/ model on a local server, say).
    """
    diagnostic = kwargs.get("zero_cost_diagnostic") or slo.get("zero_cost_diagnostic")
    if isinstance(diagnostic, dict) and diagnostic.get("reason") in UNKNOWN_PRICE:
        return None
    if kwargs.get("response_cost_failure_debug_information"):
        return None
    value = _number(kwargs.get("response_cost") if "response_cost" in kwargs else slo.get("response_cost"))
    if value is None or value < 0 or (value == 0 and not has_price(slo)):
        return None
    return round(value, 10)


def has_price(slo: dict) -> bool:
    """Whether LiteLLM's cost map gives the model any positive price (per token, character, second, …)."""
    entry = _dict(slo.get("model_map_information")).get("model_map_value")
    if not isinstance(entry, dict):
        return False
    return any("cost_per" in key and isinstance(value, (int, float)) and value > 0 for key, value in entry.items())


def session_id(slo: dict, params: dict) -> Optional[str]:
    """Claude Code's session: its x-claude-code-session-id header, else the session in metadata.user_id."""
    metadata = _dict(slo.get("metadata"))
    headers = _dict(_dict(params.get("proxy_server_request")).get("headers"))
    for candidate in (_dict(metadata.get("requester_custom_headers")).get(SESSION_HEADER), headers.get(SESSION_HEADER)):
        if isinstance(candidate, str) and SESSION_ID.fullmatch(candidate):
            return candidate
    user_id = _dict(metadata.get("requester_metadata")).get("user_id")
    if not isinstance(user_id, str):
        return None
    if user_id.startswith("{"):
        try:
            found = json.loads(user_id).get("session_id")
        except (ValueError, AttributeError):
            return None
        return found if isinstance(found, str) and SESSION_ID.fullmatch(found) else None
    legacy = LEGACY_SESSION.search(user_id)
    return legacy.group(1) if legacy else None


def error_of(kwargs: dict, target: str, request_timeout_s: float) -> dict:
    """The error as the client saw it: our type and status code (src/errors.ts names)."""
    exc = kwargs.get("exception")
    if not isinstance(exc, BaseException):
        return {"type": "Unknown", "code": 500}
    err = classify(exc, target, request_timeout_s)
    return {"type": err.type, "code": err.code}


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> Optional[str]:
    return value[:200] if isinstance(value, str) and value else None


def _number(value: Any) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _ms(start: Optional[float], end: Optional[float]) -> Optional[float]:
    if start is None or end is None or end < start:
        return None
    return round((end - start) * 1000.0, 1)


def _iso(epoch: Optional[float]) -> str:
    moment = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc) if epoch else datetime.datetime.now(datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)
