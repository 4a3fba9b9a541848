"""LiteLLM's per-request work that ccproxy never uses, routed around (bench/README.md, "LiteLLM, slimmed").

Found with py-spy under ccproxy's config (the recipe is in bench/README.md); each piece below was measured there:

- Modules LiteLLM imports on every request that cannot be imported here (``prisma`` when auth looks up the end user
  Claude Code's metadata.user_id names; its OpenTelemetry logger, which needs the absent ``opentelemetry.sdk``, when
  auth seeds tracing destinations): a failed import is not cached, so each request searched sys.path and ran the
  module's first lines again. Marking them absent in sys.modules makes the same ImportError immediate.
- LiteLLM's proxy hooks for virtual keys, budgets, rate limits, sessions and tenant isolation (ccproxy runs one
  master key and no database, so none has anything to enforce): each ran on every request. They are taken out of
  LiteLLM's callback lists once, after start-up (the proxy registers them while starting), by the ErrorLayer's
  first request. Among them the Responses-id encryption (per-user ids for /v1/responses; one master key has one
  user): its stream wrapper turned off LiteLLM's stream fast path, which costs a second assembly of every stream.
- Python's garbage collector walking LiteLLM's ~710,000 start-up objects: they live as long as the process, yet
  every full collection traversed them (a 0.42 s pause, every few hundred requests) and young collections ran every
  700 allocations (~0.8 ms of collection per request in all). The first request collects once and freezes what
  survives (never traversed again); young collections then run every 20,000 allocations: ~0.06 ms per request.
- The reply of every finished Anthropic stream assembled again, event by event, only for the logging payload
  (stream_logging.py): logged from its usage events instead, the same tokens and cost.
- A JSON reply priced twice (for its cost header, then for the logger) and every request's messages copied to
  shorten base64 nobody logs (logging_once.py): priced once, not copied.
- The router's per-minute usage counts, built twice per reply for limits no deployment has (router_usage.py).
- Every provider request body encoded by Python's json module (wire_json.py): by orjson instead.
- The model map asked for the same Anthropic model capabilities on every request (capabilities.py): once per model.
- Every Anthropic stream priced before its first byte, with no usage to price yet (unpriced_streams.py): priced
  when done, as it already was.
- Every Anthropic request's set-up handed to a pool thread and back (inline_setup.py): run on the event loop.
- uvicorn's access log: one formatted line per request through Python logging to a pipe the supervisor reads and
  writes again. The usage records (`ccproxy usage`) are ccproxy's per-request record; errors still log.
"""

import gc
import importlib
import logging
import sys

from .capabilities import remember_capabilities
from .inline_setup import anthropic_set_up_inline
from .logging_once import no_base64_truncation, price_once
from .proxy_globals import proxy_global
from .router_usage import skip_unlimited_usage_counts
from .stream_logging import usage_only_stream_logging
from .unpriced_streams import streams_priced_when_done
from .wire_json import fast_wire_json

# Imported lazily by LiteLLM on the request path; only ever marked absent when importing them fails.
OPTIONAL_MODULES = ("prisma", "litellm.integrations.otel.logger")

# litellm.proxy.hooks.PROXY_HOOKS names (plus the per-key model budget limiter) ccproxy has no use for.
UNUSED_PROXY_HOOKS = (
    "parallel_request_limiter",
    "cache_control_check",
    "litellm_skills",
    "max_iterations_limiter",
    "max_budget_per_session_limiter",
    "sensitive_data_routing",
    "prompt_cache_prediction",
    "autorouter_baseline_cache",
    "responses_id_security",
)
# Allocations between young collections, and the middle and old generations' thresholds (Python's: 700, 10, 10).
GC_THRESHOLDS = (20_000, 20, 20)
CALLBACK_LISTS = ("callbacks", "success_callback", "_async_success_callback", "failure_callback",
                  "_async_failure_callback", "input_callback", "service_callback")


# Each change made once LiteLLM has started, with what the start-up log says when it is made and when it is not.
ROUTED_AROUND = (
    (usage_only_stream_logging, "finished streams logged from their usage events", "streams logged as LiteLLM does"),
    (price_once, "replies priced once", "replies priced as LiteLLM does"),
    (no_base64_truncation, "messages logged untruncated", "base64 truncated for logging"),
    (skip_unlimited_usage_counts, "no usage counted for limits no deployment has", "usage counted as LiteLLM does"),
    (fast_wire_json, "provider request bodies encoded by orjson", "provider request bodies encoded by json"),
    (remember_capabilities, "model capabilities looked up once per model", "model capabilities looked up per request"),
    (streams_priced_when_done, "streams priced when done", "streams also priced before they run"),
    (anthropic_set_up_inline, "Anthropic requests set up on the event loop", "requests set up in a thread"),
)


def forget_absent_modules(names=OPTIONAL_MODULES) -> list:
    """Import each once; mark those that fail as absent (the same ImportError, at once); returns the names marked."""
    marked = []
    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except ImportError:
            sys.modules[name] = None  # `import name` now raises ModuleNotFoundError without a search
            marked.append(name)
    return marked


def quiet_access_log() -> None:
    """uvicorn's per-request access line off (its error log stays)."""
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)


def unused_hook_classes() -> tuple:
    """The classes of the proxy hooks ccproxy drops (empty when this LiteLLM has none of them)."""
    try:
        from litellm.proxy.hooks import PROXY_HOOKS
        from litellm.proxy.hooks.model_max_budget_limiter import _PROXY_VirtualKeyModelMaxBudgetLimiter
    except ImportError:
        return ()
    return tuple(PROXY_HOOKS[name] for name in UNUSED_PROXY_HOOKS if name in PROXY_HOOKS) + (_PROXY_VirtualKeyModelMaxBudgetLimiter,)


def drop_unused_hooks(litellm_module=None, proxy_logging=None, classes=None) -> int:
    """Take the unused proxy hooks out of every LiteLLM callback list and the proxy's hook table; returns how many."""
    if litellm_module is None:
        import litellm as litellm_module
    if proxy_logging is None:
        proxy_logging = proxy_global("proxy_logging_obj")
    classes = unused_hook_classes() if classes is None else classes
    if not classes:
        return 0
    dropped = set()
    for name in CALLBACK_LISTS:
        entries = getattr(litellm_module, name, None)
        if not isinstance(entries, list):
            continue
        kept = [entry for entry in entries if not isinstance(entry, classes)]
        dropped.update(id(entry) for entry in entries if isinstance(entry, classes))
        entries[:] = kept  # in place: LiteLLM's modules hold references to these lists
    mapping = getattr(proxy_logging, "proxy_hook_mapping", None)
    if isinstance(mapping, dict):
        for name in [name for name, hook in mapping.items() if isinstance(hook, classes)]:
            dropped.add(id(mapping.pop(name)))
    return len(dropped)


def settle_heap(thresholds=GC_THRESHOLDS) -> int:
    """Collect once, freeze what survives (start-up's objects) and space collections out; returns how many froze."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
    return gc.get_freeze_count()


def after_start_up() -> str:
    """What the first request does once LiteLLM has started: the unused hooks out, the heap settled; a log line."""
    dropped = drop_unused_hooks()
    changes = [on if change() else off for change, on, off in ROUTED_AROUND]
    frozen = settle_heap()
    return "%d LiteLLM proxy hooks ccproxy does not use are off; %s; %d start-up objects frozen out of garbage collection" % (
        dropped, "; ".join(changes), frozen)
