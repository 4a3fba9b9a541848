"""LiteLLM's success logging without repeated work (logging_once.py), held to the pinned LiteLLM's own objects: the
cost logged is the cost its header computed, computed once; messages reach the logger as they came."""

import datetime

import pytest
from litellm.litellm_core_utils import logging_utils
from litellm.litellm_core_utils.litellm_logging import Logging
from litellm.proxy.common_request_processing import ProxyBaseLLMRequestProcessing as Processing

from ccproxy_hook_pkg.logging_once import HEADER_COST, no_base64_truncation, price_once

MODEL = "claude-sonnet-4-5-20250929"
REPLY = {
    "id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": [{"type": "text", "text": "Done."}],
    "stop_reason": "end_turn", "stop_sequence": None,
    "usage": {"input_tokens": 1000, "output_tokens": 50, "cache_read_input_tokens": 2000, "cache_creation_input_tokens": 300},
}


def anthropic_call():
    """A LiteLLM logging object for one /v1/messages call, its pricing counted."""
    now = datetime.datetime.now()
    log = Logging(model=MODEL, messages=[{"role": "user", "content": "hi"}], stream=False, call_type="anthropic_messages",
                  start_time=now, litellm_call_id="call-1", function_id="fn-1")
    log.update_environment_variables(model=MODEL, user=None, optional_params={},
                                     litellm_params={"custom_llm_provider": "anthropic", "metadata": {}}, custom_llm_provider="anthropic")
    pricings = []
    priced = log.response_cost_calculator

    def counted(**kwargs):
        pricings.append(kwargs)
        return priced(**kwargs)

    log.response_cost_calculator = counted
    return log, pricings


def header_then_logging(log, header_cost):
    """What LiteLLM does with a JSON reply: the cost header on the request path, then the success logging."""
    header = header_cost(response=REPLY, logging_obj=log)
    now = datetime.datetime.now()
    log._success_handler_helper_fn(start_time=now, end_time=now, result=REPLY, cache_hit=False, standard_logging_object=None)
    return header, log.model_call_details["standard_logging_object"]["response_cost"]


@pytest.fixture(scope="module")
def stock_figures():
    """The header's and the logger's cost, and how often LiteLLM priced the reply, with LiteLLM's own header cost."""
    installed = Processing.__dict__[HEADER_COST].__func__  # the first request of another test may have swapped it
    log, pricings = anthropic_call()
    return (*header_then_logging(log, getattr(installed, "priced", installed)), len(pricings))


def test_the_logged_cost_is_the_headers_computed_once(stock_figures):
    stock_header, stock_logged, stock_pricings = stock_figures
    assert stock_pricings == 2 and stock_header == stock_logged > 0  # LiteLLM alone: the same figure, twice
    assert price_once() is True
    log, pricings = anthropic_call()
    assert header_then_logging(log, Processing._response_cost_from_logging_obj) == (stock_header, stock_logged)
    assert len(pricings) == 1


def test_a_zero_cost_is_not_kept_so_the_logger_still_prices(stock_figures):
    assert price_once() is True
    log, pricings = anthropic_call()
    log.model_call_details["custom_pricing"] = True
    log.response_cost_calculator = lambda **kwargs: pricings.append(kwargs) or 0.0
    assert Processing._response_cost_from_logging_obj(response=REPLY, logging_obj=log) == 0.0
    assert "response_cost" not in log.model_call_details  # LiteLLM's logger recomputes a stored 0 anyway


def test_installed_once(stock_figures):
    assert price_once() is True
    installed = Processing.__dict__[HEADER_COST].__func__
    assert price_once() is True
    assert Processing.__dict__[HEADER_COST].__func__ is installed and not hasattr(installed.priced, "priced")


def test_messages_reach_the_logger_uncopied():
    image = "data:image/png;base64," + "iVBORw0KGgo" * 2000
    messages = [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": image}}]}]
    before = logging_utils.MAX_BASE64_LENGTH_FOR_LOGGING
    try:
        logging_utils.MAX_BASE64_LENGTH_FOR_LOGGING = 64  # LiteLLM's default, whatever ran before
        assert logging_utils.truncate_base64_in_messages(messages) != messages  # LiteLLM's default copies and shortens
        assert no_base64_truncation() is True
        assert logging_utils.truncate_base64_in_messages(messages) is messages
    finally:
        logging_utils.MAX_BASE64_LENGTH_FOR_LOGGING = before
