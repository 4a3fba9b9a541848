"""LiteLLM's success logging without the work it repeats or nobody reads (bench/README.md, "LiteLLM, slimmed").

- The cost, computed once. For a JSON `/v1/messages` reply LiteLLM prices the response on the request path, for its
  `x-litellm-response-cost` header, and does not keep the figure (Anthropic's reply is a TypedDict with nowhere to put
  it); its success logging then prices the same response again. LiteLLM's logger keeps a cost already stored in the
  call's details, so storing the header's figure there makes the logged cost that same number, computed once.
- No base64 truncation. Before logging, LiteLLM copies every message to shorten base64 images in it, for loggers that
  print messages; ccproxy's LiteLLM has none (the hook's usage record reads tokens and cost). This is LiteLLM's own
  `MAX_BASE64_LENGTH_FOR_LOGGING=0`, set on the module that reads it: ccproxy's LiteLLM only, not the bench's stock one.
"""

import importlib

from .static_patch import wrap_static_method

REQUEST_PROCESSING = "litellm.proxy.common_request_processing"
LOGGING_UTILS = "litellm.litellm_core_utils.logging_utils"
HEADER_COST = "_response_cost_from_logging_obj"


def price_once() -> bool:
    """The header's cost kept in the call's details for the logger (once); False when this LiteLLM lacks the method."""
    return wrap_static_method(REQUEST_PROCESSING, "ProxyBaseLLMRequestProcessing", HEADER_COST, "priced", _kept)


def _kept(_processing, priced):
    """LiteLLM's header cost, keyword for keyword, also stored where its success logging looks for a cost first."""

    def header_cost(*, response, logging_obj):
        cost = priced(response=response, logging_obj=logging_obj)
        details = getattr(logging_obj, "model_call_details", None)
        if isinstance(cost, float) and cost > 0 and isinstance(details, dict):  # the logger keeps only a nonzero cost
            details.setdefault("response_cost", cost)
        return cost

    header_cost.priced = priced  # LiteLLM's own
    return header_cost


def no_base64_truncation() -> bool:
    """LiteLLM's MAX_BASE64_LENGTH_FOR_LOGGING at 0 (no copy of the messages); False when this LiteLLM has no such knob."""
    try:
        logging_utils = importlib.import_module(LOGGING_UTILS)
    except ImportError:
        return False
    if not isinstance(getattr(logging_utils, "MAX_BASE64_LENGTH_FOR_LOGGING", None), int):
        return False
    logging_utils.MAX_BASE64_LENGTH_FOR_LOGGING = 0
    return True
