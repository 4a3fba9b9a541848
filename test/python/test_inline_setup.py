"""An Anthropic request's set-up run on the event loop (inline_setup.py), held to the pinned LiteLLM's own
`anthropic_messages`: for `anthropic` its set-up runs on the loop's thread, for other providers in LiteLLM's pool
thread as before, and either way the answer and the errors are the ones LiteLLM gives."""

import asyncio
import contextvars
import threading
from functools import partial

import litellm
import pytest
from litellm.llms.anthropic.pass_through.messages import handler as messages_handler

from ccproxy_hook_pkg.inline_setup import anthropic_set_up_inline, set_up_provider


@pytest.fixture
def set_up_threads(monkeypatch):
    """The thread each of LiteLLM's set-up calls ran on."""
    threads = []
    set_up = messages_handler.anthropic_messages_handler

    def recorded(*args, **kwargs):
        threads.append(threading.get_ident())
        return set_up(*args, **kwargs)

    monkeypatch.setattr(messages_handler, "anthropic_messages_handler", recorded)
    return threads


async def mocked_reply(model):
    return await litellm.anthropic_messages(max_tokens=16, messages=[{"role": "user", "content": "hi"}], model=model,
                                            mock_response="Hello from the mock")


async def test_the_anthropic_set_up_runs_on_the_loop_and_answers_the_same(set_up_threads):
    assert anthropic_set_up_inline() is True
    assert anthropic_set_up_inline() is True  # once
    reply = await mocked_reply("anthropic/claude-sonnet-4-5")
    assert set_up_threads == [threading.get_ident()]
    assert reply["content"][0]["text"] == "Hello from the mock"


async def test_other_providers_keep_the_thread_pool(set_up_threads):
    assert anthropic_set_up_inline() is True
    reply = await mocked_reply("openai/gpt-4o")
    assert len(set_up_threads) == 1 and set_up_threads[0] != threading.get_ident()
    assert reply["content"][0]["text"] == "Hello from the mock"


async def test_a_set_up_error_is_raised_where_litellm_awaits_it():
    anthropic_set_up_inline()
    loop = messages_handler.asyncio.get_event_loop()

    def failing_set_up(**_kwargs):
        raise ValueError("bad request")

    call = partial(contextvars.copy_context().run, partial(failing_set_up, custom_llm_provider="anthropic"))
    with pytest.raises(ValueError, match="bad request"):
        await loop.run_in_executor(None, call)


def test_the_provider_is_read_from_litellms_call_shape():
    def set_up(**_kwargs):
        return None

    context = contextvars.copy_context()
    assert set_up_provider(partial(context.run, partial(set_up, model="m", custom_llm_provider="anthropic"))) == "anthropic"
    assert set_up_provider(partial(context.run, partial(set_up, model="m"))) is None
    assert set_up_provider(set_up) is None
    assert messages_handler.asyncio.iscoroutine is asyncio.iscoroutine  # the rest of asyncio is asyncio's
