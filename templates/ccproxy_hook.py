"""ccproxy's LiteLLM hook, as LiteLLM loads it: ``litellm_settings.callbacks: ["ccproxy_hook.handler"]``.

LiteLLM loads this file by path from the folder of its config.yaml, so that folder is not on the
import path: this shim adds it, then builds the handler from the package beside it
(ccproxy_hook_pkg/) and the settings beside it (ccproxy_hook.json, overridable by CCPROXY_* env).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SETTINGS_PATH = os.path.join(HERE, "ccproxy_hook.json")

if HERE not in sys.path:  # last, so nothing in the config dir can shadow a module LiteLLM imports
    sys.path.append(HERE)

from ccproxy_hook_pkg import install  # noqa: E402  (importable once HERE is on sys.path)

handler = install(DEFAULT_SETTINGS_PATH)
