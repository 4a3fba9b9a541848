"""A finished Anthropic stream logged from its usage events, not from the whole reply assembled again.

When a `/v1/messages` stream ends, LiteLLM rebuilds the complete reply from every SSE event (a pydantic object per
event, a tiktoken count of the thinking text) only to hand its logging callbacks a response object; in ccproxy's
LiteLLM the only callback outside LiteLLM's own is the hook, whose usage record reads tokens and cost and never the
reply. For a stream that ended (its `message_delta` came), LiteLLM's own usage-only builder, the one it falls back
to when assembly fails, gives the same usage (the same `calculate_usage` path) and so the same cost. An interrupted
stream still takes the full path: LiteLLM counts its partial output from the assembled text.

This is the one LiteLLM method ccproxy replaces outright (bench/README.md, "LiteLLM, slimmed", change 6); the tests
hold the replacement to the pinned LiteLLM's full assembly, and a LiteLLM without the pieces it needs keeps its own.
"""

from .static_patch import wrap_static_method

HANDLER_MODULE = "litellm.proxy.pass_through_endpoints.llm_provider_handlers.anthropic_passthrough_logging_handler"
BUILDER = "_build_streaming_response_for_logging"
NEEDED = ("_stream_was_interrupted", "_usage_only_response_or_none", "_cost_relevant_speed")


def usage_only_stream_logging() -> bool:
    """Swap in the usage-only builder for finished streams (once); False when this LiteLLM lacks what it needs."""
    handler = "AnthropicPassthroughLoggingHandler"
    return wrap_static_method(HANDLER_MODULE, handler, BUILDER, "full_build", _usage_only_builder, NEEDED)


def _usage_only_builder(handler, full_build):
    """The builder LiteLLM calls, keyword for keyword: usage events when the stream ended, LiteLLM's own otherwise."""

    def build(litellm_logging_obj, request_body, all_chunks, model):
        if not handler._stream_was_interrupted(all_chunks):
            speed = handler._cost_relevant_speed(request_body)
            response = handler._usage_only_response_or_none(all_chunks, model, speed)
            if response is not None:
                return response
        return full_build(litellm_logging_obj=litellm_logging_obj, request_body=request_body, all_chunks=all_chunks, model=model)

    build.full_build = full_build  # LiteLLM's own, still what an interrupted stream gets
    return build
