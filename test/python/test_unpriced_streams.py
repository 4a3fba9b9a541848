"""An Anthropic stream not priced before it has run (unpriced_streams.py), held to the pinned LiteLLM's own
objects: before, LiteLLM priced the stream object at 0.0 on the request path; now it leaves the cost unknown, so the
stream's response carries no cost headers, and everything else is priced as LiteLLM prices it."""

import datetime

import httpx
from litellm.litellm_core_utils.litellm_logging import Logging
from litellm.litellm_core_utils.llm_response_utils.response_metadata import update_response_metadata
from litellm.llms.anthropic.pass_through.messages.streaming_iterator import (
    AnthropicMessagesStreamingResponse,
    anthropic_messages_stream_hidden_params,
)
from litellm.proxy.common_request_processing import cost_headers
from litellm.types.utils import ModelResponse, Usage

from ccproxy_hook_pkg.unpriced_streams import PRICER, streams_priced_when_done

MODEL = "claude-sonnet-4-5-20250929"


def stream_call(pricer=None):
    """A LiteLLM logging object for one streamed /v1/messages call, and the stream object LiteLLM returns for it."""
    now = datetime.datetime.now()
    log = Logging(model=MODEL, messages=[{"role": "user", "content": "hi"}], stream=True, call_type="anthropic_messages",
                  start_time=now, litellm_call_id="call-1", function_id="fn-1")
    log.update_environment_variables(model=MODEL, user=None, optional_params={},
                                     litellm_params={"custom_llm_provider": "anthropic", "metadata": {}}, custom_llm_provider="anthropic")
    if pricer is not None:
        log.response_cost_calculator = pricer.__get__(log)

    async def no_events():
        yield b""

    headers = httpx.Headers({"request-id": "req_1"})
    stream = AnthropicMessagesStreamingResponse(no_events(), anthropic_messages_stream_hidden_params(headers))
    return log, stream


def set_up_for_headers(log, stream):
    """What LiteLLM does with the stream before its first byte; the stream's hidden params and its cost headers."""
    now = datetime.datetime.now()
    update_response_metadata(result=stream, logging_obj=log, model=MODEL, kwargs={"model_info": {"id": "default"}},
                             start_time=now, end_time=now)
    hidden = stream._hidden_params
    return hidden, cost_headers(hidden.get("response_cost") or "", log)


def litellm_pricer():
    installed = Logging.__dict__[PRICER]  # the first request of another test may have swapped it
    return getattr(installed, "prices_streams", installed)


def test_a_stream_is_no_longer_priced_before_it_runs():
    stock_hidden, stock_headers = set_up_for_headers(*stream_call(litellm_pricer()))
    assert stock_hidden["response_cost"] == 0.0  # LiteLLM alone: a price of nothing yet
    assert stock_headers["x-litellm-response-cost-original"] == "0.0"

    assert streams_priced_when_done() is True
    assert streams_priced_when_done() is True  # once
    hidden, headers = set_up_for_headers(*stream_call())
    assert hidden["response_cost"] is None
    assert hidden["additional_headers"] == stock_hidden["additional_headers"]  # the provider's headers still go out
    assert hidden["model_id"] == stock_hidden["model_id"] == "default"
    assert {name: value for name, value in headers.items() if value is not None} == {"x-litellm-response-cost": ""}


def test_anything_else_is_priced_as_litellm_prices_it():
    assert streams_priced_when_done() is True
    reply = ModelResponse(model=MODEL, usage=Usage(prompt_tokens=1000, completion_tokens=50, total_tokens=1050))
    stock, _ = stream_call(litellm_pricer())
    ours, _ = stream_call()
    assert ours.response_cost_calculator(result=reply) == stock.response_cost_calculator(result=reply) > 0
