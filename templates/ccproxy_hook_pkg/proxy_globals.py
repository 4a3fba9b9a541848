"""The running LiteLLM proxy's module-level objects (its app, master key, logging object), read where they live.

They exist only inside the proxy, and only once its start-up set them; tests put a stand-in module in sys.modules.
"""

import sys

PROXY_MODULE = "litellm.proxy.proxy_server"


def proxy_global(name: str):
    """One of the proxy module's globals; None outside the proxy (tests, tools) or before the proxy set it."""
    return getattr(sys.modules.get(PROXY_MODULE), name, None)
