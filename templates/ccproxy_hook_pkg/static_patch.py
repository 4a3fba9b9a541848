"""One method of a LiteLLM class wrapped, or one module-level name replaced, once, and only where the pinned LiteLLM
has what the change expects.

slim.py's changes that replace a LiteLLM method go through here (stream_logging, logging_once, capabilities,
unpriced_streams): each names the class, the method, a mark its wrapper carries (so a second call finds it
installed) and the wrapper. Those that give one LiteLLM module a stand-in for a standard module it imported
(wire_json, inline_setup) name the module, the name and the stand-in.
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


def replace_module_name(module: str, name: str, original, stand_in, needed: tuple = ()) -> bool:
    """``module.name``, bound there to ``original``, becomes ``stand_in`` once; False when the module or one of the
    ``needed`` attributes is missing, or the name is bound to anything else (LiteLLM then keeps its own)."""
    try:
        target = importlib.import_module(module)
    except ImportError:
        return False
    current = getattr(target, name, None)
    if isinstance(current, type(stand_in)):
        return True
    if current is not original or not all(hasattr(target, attribute) for attribute in needed):
        return False
    setattr(target, name, stand_in)
    return True
