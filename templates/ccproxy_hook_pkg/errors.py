"""The errors a client can see: the same names, codes and JSON shape as src/errors.ts, and the
envelope each route family wraps them in."""

import json
from typing import Optional

from fastapi import HTTPException


class ProxyError(Exception):
    """Every error a client sees carries a type, a message and an HTTP status code."""

    code = 500

    def __init__(self, message: str, code: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    @property
    def type(self) -> str:
        """The class name is the type clients match on, as in the TypeScript model."""
        return type(self).__name__

    def to_json(self) -> dict:
        """The one error shape every route family wraps in its own envelope."""
        return {"error": {"type": self.type, "message": self.message, "code": self.code}}


class ValidationError(ProxyError):
    """The request or a settings file is wrong; the caller must fix it (400, or 408/413/415)."""

    code = 400


class NotFound(ProxyError):
    """A route ccproxy does not expose (LiteLLM's admin UI, key management, pass-through routes …)."""

    code = 404


class OAuthNotAllowed(ProxyError):
    """A Claude subscription (OAuth) request whose chosen target may not receive the user's token."""

    code = 403


class UpstreamTimeout(ProxyError):
    """The provider did not answer in time."""

    code = 504


class UpstreamUnavailable(ProxyError):
    """The provider refused or reset the connection."""

    code = 502


class HookUnavailable(ProxyError):
    """The hook server could not decide, and the policy is fail_closed."""

    code = 503


class UpstreamError(ProxyError):
    """The provider answered with an error; its status (429, 529, 401, 500…) is passed through."""

    code = 502

    def __init__(self, message: str, code: Optional[int] = None, retry_after: Optional[str] = None) -> None:
        super().__init__(message, code)
        self.retry_after = retry_after


class Unknown(ProxyError):
    """Anything unexpected: details go to the log, never to the client."""

    code = 500

    def __init__(self, message: str = "internal error; see the ccproxy log") -> None:
        super().__init__(message)


class HookFailure(Exception):
    """The hook server gave no usable decision; the failure policy decides what happens next.

    `bug` marks a 400: the server rejected our summary, which is a ccproxy bug worth an error line.
    """

    def __init__(self, message: str, bug: bool = False) -> None:
        super().__init__(message)
        self.bug = bug


class Rejection(HTTPException):
    """What the pre-call hook raises: LiteLLM's way to stop a request, carrying our typed error."""

    def __init__(self, err: ProxyError) -> None:
        super().__init__(status_code=err.code, detail=err.to_json()["error"])
        self.error = err


def is_anthropic_path(path: str) -> bool:
    """/v1/messages clients expect Anthropic's error envelope; every other route OpenAI's."""
    return path.startswith(("/v1/messages", "/messages"))


def error_body(err: ProxyError, anthropic: bool) -> dict:
    """Anthropic clients need the top-level "type": "error"; OpenAI clients expect `param`."""
    if anthropic:
        return {"type": "error", **err.to_json()}
    return {"error": dict(err.to_json()["error"], param=None)}


def shape_stream_frame(exc: BaseException, err: ProxyError, anthropic: bool) -> None:
    """After the first byte LiteLLM writes the exception itself as the final SSE frame.

    On /v1/messages it passes a message that already is an Anthropic error JSON through unchanged
    (anthropic_interface/exceptions/exception_mapping_utils.py transform_to_anthropic_error), so the
    frame becomes `event: error` + our body; on OpenAI routes it reads `message`, `type` and the status.
    """
    message = json.dumps(error_body(err, True)) if anthropic else err.message
    for name, value in (("message", message), ("type", err.type), ("status_code", err.code),
                        ("provider_specific_fields", None)):
        try:
            setattr(exc, name, value)
        except Exception:  # a read-only attribute keeps LiteLLM's own value
            pass
