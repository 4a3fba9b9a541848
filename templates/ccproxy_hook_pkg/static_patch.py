"""One static method of a LiteLLM class wrapped, once, and only where the pinned LiteLLM has what the wrapper expects.

slim.py's changes that replace a LiteLLM static method go through here (stream_logging, logging_once, capabilities):
each names the class, the method, a mark its wrapper carries (so a second call finds it installed) and the wrapper.
"""

import importlib


def wrap_static_method(module: str, owner: str, name: str, mark: str, wrap, needed: tuple = ()) -> bool:
    """``owner.name`` becomes ``staticmethod(wrap(owner, original))`` once; False when the class, the static method or
    one of the ``needed`` attributes is missing (LiteLLM then keeps its own)."""
    try:
        cls = getattr(importlib.import_module(module), owner)
    except (ImportError, AttributeError):
        return False
    current = cls.__dict__.get(name)
    if not isinstance(current, staticmethod) or not all(hasattr(cls, attribute) for attribute in needed):
        return False
    if hasattr(current.__func__, mark):
        return True
    setattr(cls, name, staticmethod(wrap(cls, current.__func__)))
    return True
