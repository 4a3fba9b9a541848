"""Where the hook server listens, what to do when it cannot answer, and the request limits.

``ccproxy init`` writes them to ``ccproxy_hook.json`` beside ``ccproxy_hook.py``::

    {"protocol": 1, "socket": "/abs/hook.sock",        # or "url": "http://127.0.0.1:4100"
     "timeout_ms": 200, "on_failure": "fail_open",     # or "fail_closed"
     "default_alias": "ccproxy-default",
     "secret_file": "/abs/hook.secret",                # the hook secret (src/hook-server/auth.ts)
     "secret_env": ["ANTHROPIC_API_KEY", ...],         # variables whose values error bodies never show
     "default_alias": "ccproxy-default", "usage": true,    # usage: record each request (ccproxy.yaml usage.record)
     "cluster": false, "drain_file": "/abs/draining",      # a replica: no keyless OAuth; readiness 503 while draining
     "targets": {"default": {"alias": "ccproxy-default", "fallbacks": ["think"], …}}}  # chains: fallbacks.py

Environment variables override the file:

    CCPROXY_HOOK_SETTINGS          path of the settings file (default: ccproxy_hook.json beside ccproxy_hook.py)
    CCPROXY_HOOK_SOCKET            Unix socket of the hook server (replaces socket/url from the file)
    CCPROXY_HOOK_URL               http://host:port of the hook server (replaces socket/url from the file)
    CCPROXY_HOOK_TIMEOUT_MS        hard limit for the whole exchange with the hook server, in ms
    CCPROXY_HOOK_COUNT_TIMEOUT_MS  the same for the second round, which carries the request's text
    CCPROXY_ON_FAILURE             fail_open (route to default_alias) or fail_closed (HTTP 503)
    CCPROXY_DEFAULT_ALIAS          model_list alias used under fail_open
    CCPROXY_LISTEN_HOST            the address LiteLLM listens on (set by ccproxy start); keyless OAuth needs loopback
    CCPROXY_HOOK_SECRET_FILE       file holding the hook secret (replaces secret_file from the file)
"""

import json
import os
from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple

from .errors import ValidationError
from .summary import PROTOCOL_VERSION
from .targets import parse_targets

FAILURE_POLICIES = ("fail_open", "fail_closed")


@dataclass(frozen=True)
class Settings:
    """Validated settings; the defaults apply to whatever the file and the environment leave out."""

    socket: Optional[str] = None
    url: Optional[str] = None
    timeout_ms: float = 200.0
    count_timeout_ms: float = 2000.0
    on_failure: str = "fail_open"
    default_alias: str = "ccproxy-default"
    max_body_bytes: int = 20_000_000
    body_timeout_s: float = 60.0
    request_timeout_s: float = 600.0
    default_label: str = "default"
    oauth_labels: Tuple[str, ...] = ()
    expose_litellm_routes: bool = False
    listen_host: str = "127.0.0.1"
    secret: Optional[str] = field(default=None, repr=False)  # the hook secret's value, read from secret_file
    secret_env: Tuple[str, ...] = ()
    # label → TargetInfo (targets.py): each target's alias, model, wire API and URL
    targets: Mapping = field(default_factory=dict)
    usage: bool = True
    cluster: bool = False  # ccproxy.yaml has a cluster section: behind a load balancer, never keyless
    drain_file: Optional[str] = None  # while it exists, /health/readiness answers 503 (ccproxy stop is draining)
    # label -> {"alias", "fallbacks", "context_window_fallbacks", "oauth_fallbacks", …}: see fallbacks.py
    chains: Mapping[str, Mapping] = field(default_factory=dict)


DEFAULTS = Settings()
ENVIRONMENT = (
    ("socket", "CCPROXY_HOOK_SOCKET"),
    ("url", "CCPROXY_HOOK_URL"),
    ("timeout_ms", "CCPROXY_HOOK_TIMEOUT_MS"),
    ("count_timeout_ms", "CCPROXY_HOOK_COUNT_TIMEOUT_MS"),
    ("on_failure", "CCPROXY_ON_FAILURE"),
    ("default_alias", "CCPROXY_DEFAULT_ALIAS"),
    ("listen_host", "CCPROXY_LISTEN_HOST"),
    ("secret_file", "CCPROXY_HOOK_SECRET_FILE"),
)


def load_settings(default_path: str, env: Optional[Mapping[str, str]] = None) -> Settings:
    """Read the settings file, apply the environment, and refuse anything that cannot work.

    Raising here stops LiteLLM at start-up with a message naming the file, instead of failing
    every request later.
    """
    env = os.environ if env is None else env
    path = env.get("CCPROXY_HOOK_SETTINGS") or default_path
    raw = _read_settings_file(path)
    if env.get("CCPROXY_HOOK_SOCKET") or env.get("CCPROXY_HOOK_URL"):
        raw.pop("socket", None)
        raw.pop("url", None)
    for key, var in ENVIRONMENT:
        if env.get(var):
            raw[key] = env[var]
    return _validated(raw, path)


def _read_settings_file(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            raw = json.loads(f.read())
    except FileNotFoundError:
        return {}
    except ValueError as e:
        raise ValidationError("%s: not valid JSON (%s)" % (path, e)) from None
    if not isinstance(raw, dict):
        raise ValidationError("%s: expected a JSON object" % path)
    return raw


def _validated(raw: dict, path: str) -> Settings:
    def bad(message: str) -> ValidationError:
        return ValidationError("ccproxy hook settings (%s and CCPROXY_* env): %s" % (path, message))

    if raw.get("protocol", PROTOCOL_VERSION) != PROTOCOL_VERSION:
        raise bad("protocol %r is not supported; this hook speaks %d" % (raw.get("protocol"), PROTOCOL_VERSION))
    socket, url = raw.get("socket"), raw.get("url")
    if bool(socket) == bool(url):
        raise bad("set exactly one of socket (CCPROXY_HOOK_SOCKET) or url (CCPROXY_HOOK_URL)")
    if socket and not (isinstance(socket, str) and os.path.isabs(socket)):
        raise bad("socket must be an absolute path, got %r" % (socket,))
    if url and not (isinstance(url, str) and url.startswith(("http://", "https://"))):
        raise bad("url must start with http:// or https://, got %r" % (url,))
    timeout_ms = _milliseconds(raw, "timeout_ms", bad)
    count_timeout_ms = _milliseconds(raw, "count_timeout_ms", bad)
    on_failure = raw.get("on_failure", DEFAULTS.on_failure)
    if on_failure not in FAILURE_POLICIES:
        raise bad("on_failure must be fail_open or fail_closed, got %r" % (on_failure,))
    default_alias = raw.get("default_alias", DEFAULTS.default_alias)
    if not (isinstance(default_alias, str) and default_alias):
        raise bad("default_alias must be a non-empty string")
    oauth_labels = raw.get("oauth_labels", [])
    if not (isinstance(oauth_labels, list) and all(isinstance(label, str) for label in oauth_labels)):
        raise bad("oauth_labels must be a list of labels, got %r" % (oauth_labels,))
    expose = raw.get("expose_litellm_routes", DEFAULTS.expose_litellm_routes)
    if not isinstance(expose, bool):
        raise bad("expose_litellm_routes must be true or false, got %r" % (expose,))
    secret_env = raw.get("secret_env", [])
    if not (isinstance(secret_env, list) and all(isinstance(name, str) for name in secret_env)):
        raise bad("secret_env must be a list of variable names")
    usage = raw.get("usage", DEFAULTS.usage)
    if not isinstance(usage, bool):
        raise bad("usage must be true or false, got %r" % (usage,))
    cluster = raw.get("cluster", DEFAULTS.cluster)
    if not isinstance(cluster, bool):
        raise bad("cluster must be true or false, got %r" % (cluster,))
    drain_file = raw.get("drain_file")
    if drain_file is not None and not (isinstance(drain_file, str) and os.path.isabs(drain_file)):
        raise bad("drain_file must be an absolute path, got %r" % (drain_file,))
    return Settings(
        cluster=cluster,
        drain_file=drain_file,
        default_label=str(raw.get("default_label", DEFAULTS.default_label)),
        oauth_labels=tuple(oauth_labels),
        expose_litellm_routes=expose,
        listen_host=str(raw.get("listen_host", DEFAULTS.listen_host)),
        socket=socket or None,
        url=(url or "").rstrip("/") or None,
        timeout_ms=timeout_ms,
        count_timeout_ms=count_timeout_ms,
        on_failure=on_failure,
        default_alias=default_alias,
        max_body_bytes=int(_positive(raw, "max_body_bytes", bad)),
        body_timeout_s=_positive(raw, "body_timeout_s", bad),
        request_timeout_s=_positive(raw, "request_timeout_s", bad),
        secret=_secret(raw.get("secret_file"), bad),
        secret_env=tuple(secret_env),
        targets=parse_targets(raw.get("targets"), bad),
        usage=usage,
        chains=_chains(raw.get("targets") or {}, bad),
    )


def _secret(path, bad) -> Optional[str]:
    """The hook secret from its file; a named file that is missing or empty stops LiteLLM at start-up."""
    if path is None:
        return None
    if not (isinstance(path, str) and os.path.isabs(path)):
        raise bad("secret_file must be an absolute path, got %r" % (path,))
    try:
        with open(path, "r", encoding="ascii") as f:
            secret = f.read().strip()
    except (OSError, UnicodeDecodeError) as e:
        raise bad("cannot read the hook secret %s (%s); `ccproxy init` writes it" % (path, type(e).__name__)) from None
    if not secret:
        raise bad("the hook secret %s is empty; `ccproxy init` writes it" % path)
    return secret


CHAIN_KEYS = ("fallbacks", "context_window_fallbacks", "oauth_fallbacks", "oauth_context_window_fallbacks")


def _chains(raw, bad) -> dict:
    """Each label's alias and fallback chains; every label a chain names must be a target with an alias."""
    if not isinstance(raw, dict):
        raise bad("targets must be an object of label -> {alias, fallbacks, …}")
    targets = {}
    for label, target in raw.items():
        if not (isinstance(target, dict) and isinstance(target.get("alias"), str) and target["alias"]):
            raise bad("targets.%s must have a non-empty string alias" % label)
        plan = {"alias": target["alias"]}
        for key in CHAIN_KEYS:
            chain = target.get(key, [])
            if not (isinstance(chain, list) and all(isinstance(name, str) and name in raw for name in chain)):
                raise bad("targets.%s.%s must list defined target labels, got %r" % (label, key, chain))
            plan[key] = tuple(chain)
        targets[label] = plan
    return targets


def _milliseconds(raw: dict, key: str, bad) -> float:
    """A positive number of milliseconds (env values arrive as strings)."""
    try:
        value = float(raw.get(key, getattr(DEFAULTS, key)))
    except (TypeError, ValueError):
        raise bad("%s must be a number, got %r" % (key, raw.get(key))) from None
    if not value > 0:
        raise bad("%s must be positive, got %r" % (key, raw.get(key)))
    return value


def _positive(raw: dict, key: str, bad) -> float:
    """A positive JSON number from the file (these have no environment variable)."""
    value = raw.get(key, getattr(DEFAULTS, key))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise bad("%s must be a positive number, got %r" % (key, value))
    return float(value)
