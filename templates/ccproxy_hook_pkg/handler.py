"""The LiteLLM callback: summarize each routable request, ask the hook server, apply its alias.

Only ``async_pre_call_hook``, ``async_post_call_failure_hook`` and the two logging events are defined
here: LiteLLM calls the first only when the registered class defines it itself, and overriding the
streaming hooks would turn off LiteLLM's per-chunk fast path. The logging events (success, failure)
fire once per client request, after its answer; they only enqueue a usage record (usage_shipper.py).
Errors reach clients in one shape through the ErrorLayer (error_layer.py) and, after the first byte,
through the stream frame (errors.shape_stream_frame).
"""

import logging
from time import perf_counter_ns
from typing import Any, Optional
from urllib.parse import urlsplit

from litellm.integrations.custom_logger import CustomLogger

from .classify import classify
from .error_layer import current_exchange
from .errors import HookFailure, HookUnavailable, OAuthNotAllowed, ProxyError, Rejection, Unknown, is_anthropic_path, shape_stream_frame
from .fallbacks import apply_fallbacks, attempt_target, chain_error
from .oauth import refusal_message
from .served import SERVED
from .hook_client import HookClient
from .log import RateLimitedLog, log
from .request_validation import validate_request
from .settings import Settings
from .summary import ROUTED, build_summary, normalize_call_type, section_json
from .targets import adapt, target_of
from .timing import StepTimes, decide_micros
from .usage_record import build_record
from .usage_shipper import UsageShipper

class CCProxyHandler(CustomLogger):
    """Routes each request to the model alias the ccproxy hook server picks."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.client = HookClient(settings)
        self.times = StepTimes()
        # The shipper always runs: it carries the step times; usage records only when usage recording is on.
        self.shipper = UsageShipper(self.client, self.times)
        self.usage = self.shipper if settings.usage else None
        self.outage_log = RateLimitedLog(logging.WARNING)
        self.bug_log = RateLimitedLog(logging.ERROR)

    async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):
        """The boundary: our errors keep their type, anything else becomes Unknown (logged)."""
        try:
            return await self.route(user_api_key_dict, data, normalize_call_type(call_type))
        except ProxyError as err:
            raise Rejection(err) from None
        except Exception:
            log.exception("ccproxy hook: unexpected error while routing")
            raise Rejection(Unknown()) from None

    async def async_post_call_failure_hook(self, request_data, original_exception, user_api_key_dict, traceback_str=None):
        """Every failure LiteLLM reports, classified once; the ErrorLayer and the stream frame show it.

        Returning an HTTPException would not help: /v1/messages ignores the return value, and a
        streaming response re-raises it mid-stream (litellm/proxy/common_request_processing.py).
        """
        target = "%s" % (request_data.get("model") or "the provider")
        meta = litellm_metadata(request_data)
        label = (meta or {}).get("ccproxy", {}).get("label") if isinstance((meta or {}).get("ccproxy"), dict) else None
        info = target_of(self.settings.targets, label, request_data.get("model"))
        err = classify(original_exception, target, self.settings.request_timeout_s, info)
        if isinstance(err, Unknown) and not isinstance(original_exception, Rejection):
            log.error("ccproxy: unexpected failure answered as Unknown", exc_info=original_exception)
        exchange = current_exchange.get()
        if exchange is not None:
            exhausted = chain_error(exchange.attempts, exchange.route, self.settings.chains)
            if exhausted is not None:
                err = exhausted
                SERVED.note_exhausted(exchange.route)
            exchange.error = err
        path = _request_path(request_data)
        shape_stream_frame(original_exception, err, is_anthropic_path(path))
        return None

    async def async_log_success_event(self, kwargs, response_obj, start_time, end_time):
        """A request was served: record its usage (enqueued; shipped later, off the request path)."""
        self.record_usage(kwargs, ok=True)

    async def async_log_failure_event(self, kwargs, response_obj, start_time, end_time):
        """A request failed (once per client request, after retries): record it with its error type."""
        self.record_usage(kwargs, ok=False)

    def record_usage(self, kwargs: dict, ok: bool) -> None:
        """Build the record and enqueue it; a bug here is logged, never raised into LiteLLM's logging."""
        if self.usage is None:
            return
        try:
            record = build_record(kwargs, ok, self.settings.request_timeout_s, self.settings.targets)
            if record is not None:
                self.usage.add(record)
        except Exception as e:
            self.bug_log.emit("ccproxy usage: could not record a request (a ccproxy bug): %s: %s" % (type(e).__name__, e))

    async def async_post_call_failure_deployment_hook(self, request_data, exception, call_type, fallback_depth=None):
        """Each failed attempt (first try, retry, fallback hop), kept so an exhausted chain reports its last error."""
        exchange = current_exchange.get()
        if exchange is not None:
            target = attempt_target(request_data)
            info = target_of(self.settings.targets, None, target)
            attempt = (target, classify(exception, target, self.settings.request_timeout_s, info))
            exchange.attempts = [*(exchange.attempts or ()), attempt]

    async def route(self, user_api_key_dict: Any, data: dict, call_type: str) -> dict:
        """Summarize, ask, apply. Non-routable call types pass untouched.

        Every routable request is routed, whatever its metadata claims: LiteLLM's own health checks never reach
        this hook (docs/litellm-facts.md), so a `litellm-internal-health-check` tag is a client's, and a client
        naming an internal `ccproxy-<label>` alias gets the rules' answer like any other model name.
        """
        if call_type not in ROUTED:
            return data
        started = perf_counter_ns()
        validate_request(data, call_type)
        sections = section_json(data, call_type)
        summary = build_summary(data, call_type, sections)
        summarized = perf_counter_ns()
        try:
            decision = await self.client.decide(summary, sections)
        except HookFailure as failure:
            decision = self.on_failure(failure)
        answered = perf_counter_ns()
        label = decision.get("label") or self.settings.default_label
        exchange = current_exchange.get()
        oauth = exchange is not None and exchange.oauth
        if oauth and label not in self.settings.oauth_labels:
            # A subscription request goes only to a target that takes the user's token, never with the server's keys.
            raise OAuthNotAllowed(refusal_message(label))
        data["model"] = decision["alias"]
        adapt(data, call_type, target_of(self.settings.targets, decision.get("label"), decision["alias"]))
        apply_fallbacks(data, label, self.settings.chains, oauth=oauth)
        if exchange is not None:
            exchange.route = label
        if call_type == "chat" and self.usage is not None:
            ask_stream_usage(data)
        meta = litellm_metadata(data)
        if meta is not None:
            meta["ccproxy"] = {key: decision.get(key) for key in ("label", "rule", "reason", "model")}
        self.record_times(started, summarized, answered, decision)
        return data

    def record_times(self, started: int, summarized: int, answered: int, decision: dict) -> None:
        """The request's step times into the worker's histograms; shipped with the next batch, never awaited here."""
        done = perf_counter_ns()
        times = self.times
        times.record_ns("summary", summarized - started)
        times.record_ns("round_trip", answered - summarized)
        times.record_ns("apply", done - answered)
        times.record_ns("hook", done - started)
        decide_us = decide_micros(decision)
        if decide_us is not None:
            times.record_us("decide", decide_us)
        self.shipper.poke()

    def on_failure(self, failure: HookFailure) -> dict:
        """Log (rate-limited), then fail_closed: HTTP 503, or fail_open: the default alias."""
        reason = "hook server unavailable: %s" % failure
        fail_closed = self.settings.on_failure == "fail_closed"
        alias = self.settings.default_alias
        outcome = "answering 503 (fail_closed)" if fail_closed else "routing to %s (fail_open)" % alias
        (self.bug_log if failure.bug else self.outage_log).emit("ccproxy %s; %s" % (reason, outcome))
        if fail_closed:
            raise HookUnavailable("ccproxy %s" % reason)
        return {"label": None, "rule": None, "reason": reason, "model": None, "alias": alias}


def ask_stream_usage(data: dict) -> None:
    """Have the provider report a chat stream's token usage, so the stream's usage can be recorded.

    LiteLLM asks for it (stream_options.include_usage, and strips the usage chunk from the client's
    stream when the client did not ask) only when it knows that the *client's* model supports
    stream_options, and decides so before this hook renames the model
    (proxy/common_request_processing.py, stream_usage_tracking_updates). The same, for our target.
    """
    if data.get("stream") is not True:
        return
    options = data.get("stream_options")
    if isinstance(options, dict) and options.get("include_usage") is True:
        return
    data["stream_options"] = dict(options, include_usage=True) if isinstance(options, dict) else {"include_usage": True}
    data["_litellm_strip_stream_usage"] = True


def litellm_metadata(data: dict) -> Optional[dict]:
    """LiteLLM's own metadata dict for this request, the one it never forwards upstream.

    Same rule as litellm.litellm_core_utils.core_helpers.get_metadata_variable_name_from_kwargs:
    `litellm_metadata` on /v1/messages and /v1/responses (where `metadata` is the client's and goes
    to the provider); `metadata` on chat, completions and embeddings, where LiteLLM merges its own
    keys into it and keeps the client's copy in metadata.requester_metadata.
    """
    meta = data.get("litellm_metadata") if "litellm_metadata" in data else data.get("metadata")
    return meta if isinstance(meta, dict) else None


def _request_path(request_data: dict) -> str:
    url = (request_data.get("proxy_server_request") or {}).get("url") or ""
    return urlsplit(str(url)).path
