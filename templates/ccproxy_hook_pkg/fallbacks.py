"""Per-request fallback chains: which targets serve a request, in order, when its own target fails.

LiteLLM's router walks ``fallbacks`` (and ``context_window_fallbacks`` for a prompt too long for the
model) when a deployment fails before the first byte. ccproxy writes each label's chain into
config.yaml's ``router_settings`` too, but sets it on every routed request here, so that:

- a request kept on the client's Claude model (alias ``claude-…``, not a ``ccproxy-<label>`` group)
  gets its label's chain as well;
- a Claude subscription (OAuth) request (the ErrorLayer marks it: ``Exchange.oauth``) falls back only to
  targets with ``forward_oauth: true``: the hook settings carry those chains precomputed
  (``oauth_fallbacks``), and with none left fallbacks are off for the request. Its token goes nowhere
  else, and it is never served with server keys (handler.route guards the first target);
- a client's own ``fallbacks`` / ``context_window_fallbacks`` / ``content_policy_fallbacks`` in the
  body never route around the rules: they are replaced.

The chains are flattened in the order LiteLLM walks them (src/config/fallbacks.ts), keyed by the
alias the request carries; every hop looks its chain up under that first alias.
"""

import copy
from typing import Mapping, Optional

from .served import SERVED

def apply_fallbacks(data: dict, label: Optional[str], targets: Mapping[str, Mapping], oauth: bool) -> None:
    """Set data's fallback chains for a request routed to `label` (its alias already in data["model"])."""
    plan = targets.get(label) if label else None
    prefix = "oauth_" if oauth else ""
    chain = _aliases(plan, prefix + "fallbacks", targets)
    context = _aliases(plan, prefix + "context_window_fallbacks", targets)
    alias = data.get("model")
    data["fallbacks"] = [{alias: chain}] if chain else []
    data["context_window_fallbacks"] = [{alias: context}] if context else []
    data.pop("content_policy_fallbacks", None)
    if oauth and not chain and not context:
        data["disable_fallbacks"] = True


def _aliases(plan: Optional[Mapping], key: str, targets: Mapping[str, Mapping]) -> list:
    if not plan:
        return []
    return [targets[name]["alias"] for name in plan.get(key, ()) if name in targets]


def attempt_target(request_data: Mapping) -> str:
    """The model group a failed deployment attempt belonged to (the hop's alias), else its model."""
    for key in ("litellm_metadata", "metadata"):
        meta = request_data.get(key)
        if isinstance(meta, Mapping) and isinstance(meta.get("model_group"), str):
            return meta["model_group"]
    return "%s" % (request_data.get("model") or "the provider")


def chain_error(attempts: Optional[list], route: Optional[str] = None, targets: Mapping[str, Mapping] = {}):
    """When fallbacks ran and every target failed: the last attempt's error, naming the chain; else None.

    LiteLLM re-raises the first target's error once the chain is exhausted; the last one says more about
    why the request could not be served (the first is usually why the chain started).
    """
    if not attempts or len({target for target, _ in attempts}) < 2:
        return None
    labels = {plan["alias"]: label for label, plan in targets.items()}
    tried = []
    for index, (alias, _) in enumerate(attempts):
        name = labels.get(alias) or (route if index == 0 and route else alias)
        if name not in tried:
            tried.append(name)
    err = copy.copy(attempts[-1][1])
    err.message = "%s (every target in the fallback chain failed: %s)" % (err.message, ", ".join(tried))
    err.args = (err.message,)
    return err


def deployment_label(model_id: bytes) -> bytes:
    """x-litellm-model-id is the deployment's model_info.id: "<label>", or "<label>+claude" for kept Claude ids."""
    return model_id.split(b"+", 1)[0]


def served_by(message: dict, exchange) -> dict:
    """A successful response's start, with x-ccproxy-target (the label that served) and, after a fallback,
    x-ccproxy-fallback-from (the label the rules chose)."""
    headers = message.get("headers") or ()
    served = None
    for key, value in headers:
        if key.lower() == b"x-litellm-model-id":
            served = deployment_label(value)
            break
    if served is None:
        return message
    extra = [(b"x-ccproxy-target", served)]
    route = getattr(exchange, "route", None)
    if route and route.encode("latin-1", "replace") != served:
        extra.append((b"x-ccproxy-fallback-from", route.encode("latin-1", "replace")))
    SERVED.note(route, served.decode("latin-1"))
    return dict(message, headers=[*headers, *extra])
