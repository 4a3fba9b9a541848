"""What ccproxy turns off in LiteLLM (slim.py): only what it never uses, and only ever the same outcome, sooner."""

import logging
import sys
import types

from ccproxy_hook_pkg import slim


def test_a_module_that_fails_to_import_is_marked_absent_and_fails_the_same_way_at_once(monkeypatch):
    monkeypatch.delitem(sys.modules, "ccproxy_no_such_module", raising=False)
    assert slim.forget_absent_modules(("ccproxy_no_such_module", "json")) == ["ccproxy_no_such_module"]
    try:
        import ccproxy_no_such_module  # noqa: F401
        raise AssertionError("imported a module that does not exist")
    except ModuleNotFoundError as err:
        assert "halted; None in sys.modules" in str(err)
    finally:
        del sys.modules["ccproxy_no_such_module"]
    assert sys.modules["json"] is not None  # an importable module is imported, never marked


def test_the_pinned_litellm_has_every_hook_slim_drops():
    from litellm.proxy.hooks import PROXY_HOOKS

    assert set(slim.UNUSED_PROXY_HOOKS) <= set(PROXY_HOOKS)
    assert len(slim.unused_hook_classes()) == len(slim.UNUSED_PROXY_HOOKS) + 1


def test_unused_hooks_leave_every_callback_list_and_the_hook_table_in_place_others_stay():
    class Unused:
        pass

    class Ours:
        pass

    unused, ours, name = Unused(), Ours(), "langfuse"
    fake = types.SimpleNamespace(callbacks=[unused, ours, name], success_callback=[unused, name], _async_success_callback=[ours, unused])
    lists = (fake.callbacks, fake.success_callback, fake._async_success_callback)
    proxy = types.SimpleNamespace(proxy_hook_mapping={"parallel_request_limiter": unused, "other": ours})
    assert slim.drop_unused_hooks(fake, proxy, (Unused,)) == 1
    assert (fake.callbacks, fake.success_callback, fake._async_success_callback) == ([ours, name], [name], [ours])
    assert all(a is b for a, b in zip(lists, (fake.callbacks, fake.success_callback, fake._async_success_callback)))
    assert proxy.proxy_hook_mapping == {"other": ours}


def test_the_access_log_is_quiet_and_errors_still_log():
    logger = logging.getLogger("uvicorn.access")
    before = logger.level
    try:
        slim.quiet_access_log()
        assert not logger.isEnabledFor(logging.INFO) and logger.isEnabledFor(logging.WARNING)
    finally:
        logger.setLevel(before)


def test_litellms_unused_proxy_hooks_are_dropped_and_streams_take_litellms_fast_path(monkeypatch):
    import litellm
    from litellm.caching.caching import DualCache
    from litellm.proxy.utils import ProxyLogging

    for name in slim.CALLBACK_LISTS:
        monkeypatch.setattr(litellm, name, [], raising=False)
    proxy_logging = ProxyLogging(user_api_key_cache=DualCache())
    proxy_logging._add_proxy_hooks()  # what the proxy does at start-up
    assert ProxyLogging.callback_capabilities().iterator_overrides  # the Responses-id stream wrapper
    registered = len(litellm.callbacks)
    dropped = slim.drop_unused_hooks(litellm, proxy_logging)
    assert dropped == registered >= len(slim.UNUSED_PROXY_HOOKS) - 1  # autorouter_baseline_cache needs a database
    assert litellm.callbacks == []
    assert proxy_logging.get_proxy_hook("parallel_request_limiter") is None
    assert proxy_logging.get_proxy_hook("responses_id_security") is None
    # No callback wraps the stream any more: LiteLLM relays it as it comes and never assembles it a second time.
    assert not ProxyLogging.callback_capabilities().iterator_overrides


def test_settling_the_heap_freezes_what_survives_and_spaces_collections_out():
    import gc

    before = gc.get_threshold()
    try:
        kept = [object() for _ in range(1000)]  # noqa: F841 (alive across the freeze)
        frozen = slim.settle_heap((12_345, 11, 12))
        assert frozen == gc.get_freeze_count() and frozen > 1000
        assert gc.get_threshold() == (12_345, 11, 12)
        gc.collect()
        assert gc.get_freeze_count() == frozen  # a later full collection leaves the frozen objects alone
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_after_start_up_names_every_change():
    import gc

    before = gc.get_threshold()
    try:
        line = slim.after_start_up()
        assert "proxy hooks ccproxy does not use are off" in line and "start-up objects frozen" in line
        assert "finished streams logged from their usage events" in line
        assert "replies priced once" in line and "messages logged untruncated" in line
        assert "usage counted as LiteLLM does" in line  # no proxy router outside the proxy
        assert "provider request bodies encoded by orjson" in line
        assert "model capabilities looked up once per model" in line
        assert "streams priced when done" in line and "Anthropic requests set up on the event loop" in line
        assert gc.get_threshold() == slim.GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
