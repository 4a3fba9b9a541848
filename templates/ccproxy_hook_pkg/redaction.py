"""Keys never reach a client: literal values ccproxy knows, plus the shapes of well-known key formats.

The same rules as src/secrets/redact.ts (the supervisor applies those to every log line it relays);
test/fixtures/redaction-vectors.json holds the cases both must agree on.
"""

import os
import re
from typing import Iterable, Mapping, Optional

REDACTED = "[redacted]"

_B = r"(?<![A-Za-z0-9_-])"  # not inside a longer word or key: "risk-assessment" has "sk-" but is no key
_TOKEN = r"[A-Za-z0-9._~+/=-]"

PATTERNS = (
    # scheme://user:password@host (also an empty user: redis://:password@host)
    (re.compile(r"\b([a-z][a-z0-9+.-]*://)[^\s/?#@\"'<>:]*:[^\s/?#@\"'<>]+@", re.I), r"\1" + REDACTED + "@"),
    # ?key=... &api_key=... in URLs (Google's Gemini API takes its key as ?key=)
    (re.compile(r"([?&](?:key|api[_-]?key|access[_-]?token|token|sig|signature|client_secret)=)[^&\s\"'<>#]+", re.I),
     r"\1" + REDACTED),
    # header or field forms: x-api-key: ..., "api_key": "...", Authorization: Basic ...
    (re.compile(r"\b((?:x-api-key|x-goog-api-key|api[_-]key|apikey|authorization|proxy-authorization|x-ccproxy-secret"
                r"|client_secret|aws_secret_access_key)[\"']?\s*[:=]\s*[\"']?)(?!\[redacted\]|os\.environ/)"
                r"(?:(?:Bearer|Basic|Token)\s+)?[^\s\"',;}&]{8,}", re.I), r"\1" + REDACTED),
    # Bearer tokens anywhere (a digit required: "Bearer authentication" is prose)
    (re.compile(r"\b([Bb]earer\s+)(?!\[redacted\])(?=%s*\d)%s{8,}" % (_TOKEN, _TOKEN)), r"\1" + REDACTED),
    # Anthropic (sk-ant-api..., sk-ant-oat... OAuth), OpenAI (sk-proj-...), OpenRouter, Langfuse-style pk-/rk-
    (re.compile(_B + r"(?:sk|pk|rk)-(?=[A-Za-z0-9_*-]*\d)[A-Za-z0-9_*-]{12,}"), REDACTED),
    # Google API keys
    (re.compile(_B + r"AIza[0-9A-Za-z_-]{30,}"), REDACTED),
    # AWS access key ids
    (re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Z0-9])"), REDACTED),
    # Groq, xAI, Hugging Face, GitHub
    (re.compile(_B + r"(?:gsk_|xai-|hf_|gh[pousr]_|github_pat_)[A-Za-z0-9_]{20,}"), REDACTED),
    # JWTs (header.payload.signature; both JSON parts start with eyJ)
    (re.compile(_B + r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"), REDACTED),
)

# Environment variables whose names say they hold a credential.
SECRET_NAME = re.compile(r"(?:^|_)(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$|^(?:ANTHROPIC|OPENAI)_API_KEY$", re.I)

_literals = set()
_literal_pattern: Optional["re.Pattern"] = None


def is_secret_like(value: str) -> bool:
    """A literal shorter than 8 characters (or a plain word) would blank ordinary text wherever it occurs."""
    return len(value) >= 8 and not re.fullmatch(r"[A-Za-z]+", value) and value == value.strip()


def add_literals(values: Iterable[Optional[str]]) -> None:
    """Hide these values wherever they appear (a longer one that contains a shorter one wins)."""
    global _literal_pattern
    for value in values:
        if isinstance(value, str) and is_secret_like(value):
            _literals.add(value)
    ordered = sorted(_literals, key=len, reverse=True)
    _literal_pattern = re.compile("|".join(re.escape(v) for v in ordered)) if ordered else None


def secret_env_values(env: Mapping[str, str], names: Iterable[str] = ()) -> list:
    """Values of the variables the config references (`names`) and of every credential-named variable."""
    wanted = set(names)
    return [value for name, value in env.items() if name in wanted or SECRET_NAME.search(name)]


def learn_from_environment(names: Iterable[str] = (), env: Optional[Mapping[str, str]] = None) -> None:
    """At start-up: the provider keys and the master key LiteLLM was given, as literals."""
    add_literals(secret_env_values(os.environ if env is None else env, names))


def redact(text: str) -> str:
    """Keys never reach the client, even when a provider echoes part of one."""
    if _literal_pattern is not None:
        text = _literal_pattern.sub(REDACTED, text)
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _reset_for_tests() -> None:
    global _literal_pattern
    _literals.clear()
    _literal_pattern = None
