"""ccproxy's LiteLLM hook: ask the ccproxy hook server which model serves each request.

LiteLLM loads ``ccproxy_hook.py`` by path from the folder of its config.yaml; that shim puts this
package (beside it) on the import path and registers what ``install`` returns. The modules:

    errors              the typed errors clients see (same names, codes and JSON as src/errors.ts)
    settings            ccproxy_hook.json and the CCPROXY_* environment, validated at start-up
    summary             the whitelisted request summary sent to the hook server (docs/hook-protocol.md)
    media               images and documents in it, counted as Anthropic bills them
    json_bytes          compact UTF-8 JSON, byte for byte what the TypeScript side writes
    request_validation  the caller's mistakes no provider could accept
    hook_client         keep-alive HTTP/1.1 to the hook server
    deadline            awaiting within a deadline, without a task of its own
    log                 the logger, and its rate-limited form for outages
    proxy_globals       the running LiteLLM proxy's app, master key and logging object
    redaction           keys never reach a client: known values and key-shaped tokens become [redacted]
    targets             each target's alias, model, wire API and URL; fitting a request to its target
    classify            every failure LiteLLM reports, mapped to one typed error
    request_body        reading a bounded request body before LiteLLM does
    error_layer         the ASGI wrapper that puts every error response in our shape
    usage_record        the usage record of one request, from LiteLLM's success and failure events
    usage_shipper       the batched, off-the-request-path shipping of usage records and step times to the hook server
    timing              the hook's own step times, as histograms in the hook server's buckets
    fallbacks           per-request fallback chains (OAuth ones filtered), the served-by header
    served              served-by counts, pushed to the hook server for `ccproxy status`
    slim                LiteLLM's per-request work ccproxy never uses, routed around
    route_memo          the route Starlette's scan chose for each documented path, remembered
    stream_logging      a finished Anthropic stream logged from its usage events, not from its reply assembled again
    logging_once        a JSON reply priced once for its cost header and its log; messages logged without a copy
    router_usage        the router's usage counting skipped when no deployment has a limit to count against
    wire_json           provider request bodies encoded by orjson
    capabilities        Anthropic model capabilities looked up once per model
    unpriced_streams    an Anthropic stream priced when it is done, not also before its first byte
    inline_setup        an Anthropic request's set-up run on the event loop, not handed to a thread and back
    static_patch        one LiteLLM method wrapped, or one module-level name replaced, once, where the pin has it
    handler             the LiteLLM callback itself
"""

from typing import Mapping, Optional

from .error_layer import install_error_layer
from .handler import CCProxyHandler
from .redaction import add_literals, learn_from_environment
from .route_memo import remember_routes
from .served import SERVED
from .settings import load_settings
from .slim import forget_absent_modules, quiet_access_log


def install(default_settings_path: str, env: Optional[Mapping[str, str]] = None) -> CCProxyHandler:
    """Everything loading the hook does: read the settings, build the handler, wrap the proxy's app once.

    Raising here (unusable settings) stops LiteLLM at start-up with a message naming the file.
    """
    handler = CCProxyHandler(load_settings(default_settings_path, env))
    learn_from_environment(handler.settings.secret_env, env)
    add_literals([handler.settings.secret])
    install_error_layer(handler.settings)
    remember_routes()
    SERVED.bind(handler.client)
    forget_absent_modules()
    quiet_access_log()
    return handler
