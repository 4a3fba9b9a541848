"""An Anthropic request's set-up run on the event loop, not in a thread (bench/README.md, "LiteLLM, slimmed", change 14).

LiteLLM's `anthropic_messages` hands its synchronous set-up (`anthropic_messages_handler`: the request's parameters,
the provider's config) to the default thread pool and awaits it; with `is_async` the set-up only returns the
coroutine that makes the HTTP call, which then runs on the loop. For the Anthropic provider that set-up does no I/O
(it builds objects and returns a coroutine), so the pool thread adds nothing but two wake-ups and a GIL hand-over:
~0.45 ms of every request's latency on the bench VM. For `anthropic` it now runs in place, in the same copied context
LiteLLM gives the thread; every other provider (whose set-up may fetch credentials) keeps the thread pool.
"""

import asyncio

from .static_patch import replace_module_name

HANDLER_MODULE = "litellm.llms.anthropic.pass_through.messages.handler"
INLINE_PROVIDERS = frozenset({"anthropic"})


class _InlineSetUpLoop:
    """The running loop as the handler module sees it: an Anthropic set-up runs at once, anything else as LiteLLM does."""

    def __init__(self, loop):
        self._loop = loop

    def run_in_executor(self, executor, func, *args):
        if executor is not None or set_up_provider(func) not in INLINE_PROVIDERS:
            return self._loop.run_in_executor(executor, func, *args)
        done = self._loop.create_future()
        try:
            done.set_result(func(*args))
        except Exception as error:  # raised where LiteLLM awaits it, as from the thread
            done.set_exception(error)
        return done

    def __getattr__(self, name):
        return getattr(self._loop, name)


class _AsyncioForTheHandler:
    """`asyncio` for the handler module alone: the same, but its loop runs an Anthropic set-up in place."""

    def __getattr__(self, name):
        return getattr(asyncio, name)

    @staticmethod
    def get_event_loop():
        return _InlineSetUpLoop(asyncio.get_event_loop())


def set_up_provider(func):
    """The provider LiteLLM's set-up call names: `partial(context.run, partial(handler, ..., custom_llm_provider=...))`."""
    inner = func.args[0] if getattr(func, "args", None) else None
    keywords = getattr(inner, "keywords", None)
    return keywords.get("custom_llm_provider") if isinstance(keywords, dict) else None


def anthropic_set_up_inline() -> bool:
    """The handler module's `asyncio` swapped (once); False when this LiteLLM has no such module or no asyncio there."""
    return replace_module_name(HANDLER_MODULE, "asyncio", asyncio, _AsyncioForTheHandler(),
                               needed=("anthropic_messages_handler",))
