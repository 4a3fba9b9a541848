"""An Anthropic stream not priced before it has run (bench/README.md, "LiteLLM, slimmed", change 13).

When `/v1/messages` answers with a stream, LiteLLM fills in the stream object's hidden params before the first byte
goes out, and among them prices the stream object itself. It carries no usage yet, so LiteLLM counts the tokens of an
empty completion and gets 0.0: ~0.5 ms on the request path of every streamed request (bench VM). No one reads that
zero: the proxy drops a zero cost from its headers, and the finished stream is priced from its usage events when it
is logged. Its only trace was LiteLLM's cost-breakdown headers (`x-litellm-response-cost-original`, `-input`, ...)
on a stream's response, all "0.0"; they are now absent, as `x-litellm-response-cost` already was.
"""

import importlib

from .static_patch import wrap_method

LOGGING_MODULE = "litellm.litellm_core_utils.litellm_logging"
STREAM_MODULE = "litellm.llms.anthropic.pass_through.messages.streaming_iterator"
STREAM_CLASS = "AnthropicMessagesStreamingResponse"
PRICER = "response_cost_calculator"


def streams_priced_when_done() -> bool:
    """No price for an Anthropic stream object before it ran (once); False when this LiteLLM lacks either class."""
    try:
        stream_class = getattr(importlib.import_module(STREAM_MODULE), STREAM_CLASS)
    except (ImportError, AttributeError):
        return False
    return wrap_method(LOGGING_MODULE, "Logging", PRICER, "prices_streams", _skipping(stream_class))


def _skipping(stream_class):
    """A wrapper of LiteLLM's pricer that answers None (no cost known yet) for a stream object, LiteLLM's own else."""

    def wrap(_logging, prices_streams):
        def response_cost_calculator(self, result, *args, **kwargs):
            if isinstance(result, stream_class):
                return None
            return prices_streams(self, result, *args, **kwargs)

        response_cost_calculator.prices_streams = prices_streams  # LiteLLM's own
        return response_cost_calculator

    return wrap
