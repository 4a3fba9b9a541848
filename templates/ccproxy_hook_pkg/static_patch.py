"""One method of a LiteLLM class wrapped, once, and only where the pinned LiteLLM has what the wrapper expects.

slim.py's changes that replace a LiteLLM method go through here (stream_logging, logging_once, capabilities,
unpriced_streams): each names the class, the method, a mark its wrapper carries (so a second call finds it
installed) and the wrapper.
"""

import importlib
import inspect


def wrap_static_method(module: str, owner: str, name: str, mark: str, wrap, needed: tuple = ()) -> bool:
    """``owner.name`` becomes ``staticmethod(wrap(owner, original))`` once; False when the class, the static method or
    one of the ``needed`` attributes is missing (LiteLLM then keeps its own)."""
    return _wrap(module, owner, name, mark, wrap, needed, static=True)


def wrap_method(module: str, owner: str, name: str, mark: str, wrap, needed: tuple = ()) -> bool:
    """``owner.name``, a plain (instance) method, becomes ``wrap(owner, original)`` once; False as above."""
    return _wrap(module, owner, name, mark, wrap, needed, static=False)


def _wrap(module: str, owner: str, name: str, mark: str, wrap, needed: tuple, static: bool) -> bool:
    try:
        cls = getattr(importlib.import_module(module), owner)
    except (ImportError, AttributeError):
        return False
    current = cls.__dict__.get(name)
    kind_fits = isinstance(current, staticmethod) if static else inspect.isfunction(current)
    if not kind_fits or not all(hasattr(cls, attribute) for attribute in needed):
        return False
    original = current.__func__ if static else current
    if hasattr(original, mark):
        return True
    wrapped = wrap(cls, original)
    setattr(cls, name, staticmethod(wrapped) if static else wrapped)
    return True
