"""Wrapping one method of a LiteLLM class (static_patch.py): once, and never where what it expects is missing."""

import sys
import types

from ccproxy_hook_pkg.static_patch import replace_module_name, wrap_method, wrap_static_method


def stand_in_module(monkeypatch):
    class Owner:
        @staticmethod
        def price(x):
            return x * 2

        def plain(self):
            return "not static"

    module = types.ModuleType("ccproxy_stand_in_litellm")
    module.Owner = Owner
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module.__name__, Owner


def tripled(_owner, original):
    def price(x):
        return original(x) + x

    price.original = original
    return price


def test_wrapped_once_and_still_static(monkeypatch):
    module, owner = stand_in_module(monkeypatch)
    assert wrap_static_method(module, "Owner", "price", "original", tripled) is True
    assert owner.price(2) == 6 and owner().price(2) == 6
    assert wrap_static_method(module, "Owner", "price", "original", tripled) is True
    assert owner.price(2) == 6  # not wrapped twice


def test_nothing_changes_where_something_is_missing(monkeypatch):
    module, owner = stand_in_module(monkeypatch)
    assert wrap_static_method("ccproxy_no_such_module", "Owner", "price", "original", tripled) is False
    assert wrap_static_method(module, "NoSuchClass", "price", "original", tripled) is False
    assert wrap_static_method(module, "Owner", "plain", "original", tripled) is False  # not a static method
    assert wrap_static_method(module, "Owner", "price", "original", tripled, needed=("absent",)) is False
    assert owner.price(2) == 4


def test_a_plain_method_is_wrapped_once_and_stays_a_method(monkeypatch):
    module, owner = stand_in_module(monkeypatch)

    def shouted(_owner, original):
        def plain(self):
            return original(self).upper()

        plain.original = original
        return plain

    assert wrap_method(module, "Owner", "price", "original", shouted) is False  # a static method is not a plain one
    assert wrap_method(module, "Owner", "plain", "original", shouted) is True
    assert wrap_method(module, "Owner", "plain", "original", shouted) is True
    assert owner().plain() == "NOT STATIC"


def test_a_module_name_is_replaced_once_and_only_where_it_is_the_original(monkeypatch):
    import json

    class StandIn:
        pass

    module = types.ModuleType("ccproxy_stand_in_handler")
    module.json = json
    monkeypatch.setitem(sys.modules, module.__name__, module)
    assert replace_module_name(module.__name__, "json", json, StandIn(), needed=("absent",)) is False
    assert replace_module_name(module.__name__, "json", types, StandIn()) is False  # bound to something else
    assert replace_module_name("ccproxy_no_such_module", "json", json, StandIn()) is False
    assert module.json is json
    assert replace_module_name(module.__name__, "json", json, StandIn()) is True
    installed = module.json
    assert isinstance(installed, StandIn)
    assert replace_module_name(module.__name__, "json", json, StandIn()) is True
    assert module.json is installed  # not replaced twice
