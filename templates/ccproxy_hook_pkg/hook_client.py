"""Talking to the hook server: one small keep-alive HTTP/1.1 client, what counts as an answer, and a
circuit breaker so a hung server costs each request nothing instead of the whole timeout."""

import asyncio
import hashlib
import hmac
import os
import logging
import time
from typing import Optional
from urllib.parse import urlsplit

from .deadline import within
from .errors import HookFailure
from .json_bytes import compact_json, loads
from .log import RateLimitedLog, log
from .settings import Settings
from .summary import section_texts

MAX_ANSWER_BYTES = 1024 * 1024
IDLE_CONNECTIONS = 8  # kept per process; a burst beyond that opens extra connections, then closes them
PROOF_LABEL = b"ccproxy-hook-server/"  # as src/hook-server/auth.ts


def expected_proof(secret: str, nonce: str) -> str:
    """HMAC-SHA256(secret, label + nonce): what only a server holding the hook secret can answer."""
    return hmac.new(secret.encode("ascii"), PROOF_LABEL + nonce.encode("ascii"), hashlib.sha256).hexdigest()


CIRCUIT_FAILURES = 3  # failures in a row (timeouts, refused connections, bad answers) that open the circuit
CIRCUIT_OPEN_S = 0.5  # the first open period; each failed trial doubles it
CIRCUIT_MAX_OPEN_S = 5.0


def parse_decision(status: int, raw: bytes) -> dict:
    """The server's answer as a dict, or HookFailure naming what was wrong with it."""
    if status == 400:
        server_says = raw[:300].decode("utf-8", "replace")
        raise HookFailure("HTTP 400, summary rejected (a ccproxy bug): %s" % server_says, bug=True)
    if status == 401:
        raise HookFailure("HTTP 401: the hook server did not accept the hook secret (ccproxy_hook.json's secret_file "
                          "must name the config dir's hook.secret; `ccproxy init --force` rewrites it)", bug=True)
    if status != 200:
        raise HookFailure("HTTP %d" % status)
    try:
        answer = loads(raw)
    except ValueError:
        raise HookFailure("answer is not JSON") from None
    if not isinstance(answer, dict):
        raise HookFailure("answer is not a JSON object")
    if answer.get("need") == "text":
        return answer
    for key in ("label", "alias", "model", "reason"):
        if not isinstance(answer.get(key), str):
            raise HookFailure("answer has no string %r" % key)
    if answer.get("rule") is not None and not isinstance(answer["rule"], str):
        raise HookFailure("answer has a non-string 'rule'")
    return answer


def response_head(head: bytes) -> tuple:
    """(status, Content-Length, keep-alive) of an HTTP/1.x response head; ValueError for anything else."""
    lines = head.split(b"\r\n")
    version, _, rest = lines[0].partition(b" ")
    if not version.startswith(b"HTTP/1."):
        raise ValueError("not an HTTP/1.x answer: %r" % lines[0][:40])
    status, length, keep = int(rest[:3]), None, version == b"HTTP/1.1"
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            keep = value.strip().lower() == b"keep-alive"
        elif name == b"transfer-encoding":
            raise ValueError("answer is not framed by Content-Length")
    if length is None or not 0 <= length <= MAX_ANSWER_BYTES:
        raise ValueError("answer has no usable Content-Length (%r)" % length)
    return status, length, keep


class Circuit:
    """Fails fast while the hook server keeps failing.

    Closed: every request asks the server. After `failures` failures in a row it opens: requests fail
    at once (the handler applies the failure policy) for `open_s`. Then the next request is a trial
    (the others keep failing fast until it ends): an answer closes the circuit, a failure opens it
    again for twice as long, up to `max_open_s`. A summary the server rejects (HTTP 400, a ccproxy
    bug) says nothing about the server's health and is not counted.
    """

    def __init__(self, failures: int = CIRCUIT_FAILURES, open_s: float = CIRCUIT_OPEN_S, max_open_s: float = CIRCUIT_MAX_OPEN_S,
                 clock=time.monotonic) -> None:
        self.threshold, self.base_s, self.max_s, self.clock = failures, open_s, max_open_s, clock
        self.failures = 0
        self.open_until: Optional[float] = None  # None: closed
        self.open_for = 0.0
        self.opened_at = 0.0
        self.trial = False
        self.last_reason = ""
        self.open_log = RateLimitedLog(logging.WARNING)

    def before(self) -> bool:
        """True when this request is the trial; HookFailure while the circuit is open."""
        if self.open_until is None:
            return False
        if self.trial or self.clock() < self.open_until:
            raise HookFailure("circuit open after %d failures in a row (last: %s); retrying the server in %gs"
                              % (self.failures, self.last_reason, max(0.0, self.open_until - self.clock())))
        self.trial = True
        return True

    def succeeded(self, trial: bool) -> None:
        if trial or self.open_until is not None:
            log.warning("ccproxy hook server answers again; circuit closed after %.1fs", self.clock() - self.opened_at)
        self.failures, self.open_until, self.trial = 0, None, False

    def failed(self, failure: HookFailure, trial: bool) -> None:
        if failure.bug:
            if trial:
                self.trial = False  # the server answered: that is what the trial asked
                self.succeeded(True)
            return
        self.failures += 1
        self.last_reason = str(failure)
        if trial:
            self.trial = False
            self.open_for = min(self.max_s, self.open_for * 2)
        elif self.open_until is None and self.failures >= self.threshold:
            self.open_for, self.opened_at = self.base_s, self.clock()
        else:
            return
        self.open_until = self.clock() + self.open_for
        self.open_log.emit("ccproxy hook server failed %d times in a row (last: %s); circuit open: requests take the "
                           "failure policy at once for %gs" % (self.failures, self.last_reason, self.open_for))


class HookClient:
    """Keep-alive HTTP/1.1 to the hook server on asyncio streams: pooled connections, one request in
    flight on each, Content-Length framing, one deadline per decision.

    aiohttp cost ~3x the CPU per call inside LiteLLM (timeout timers, tracing, cookie jar, header
    objects, an extra task); the hook server speaks exactly this subset (docs/hook-protocol.md).
    """

    def __init__(self, settings: Settings, circuit: Optional[Circuit] = None) -> None:
        self.settings = settings
        self.timeout_s = settings.timeout_ms / 1000.0
        if settings.socket:
            self.where, host, path = "unix socket %s" % settings.socket, "ccproxy-hook", ""
        else:
            parts = urlsplit(settings.url)
            self.where, host, path = settings.url, parts.netloc, parts.path
            self.tcp = (parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), parts.scheme == "https")
        # The secret travels only on connections whose server proved it holds it (_verify), never to an impostor.
        secret = b"X-CCProxy-Secret: %s\r\n" % settings.secret.encode("ascii") if settings.secret else b""
        self.head = b"POST %s/v1/route HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n%sContent-Length: " % (
            path.encode("latin-1"), host.encode("latin-1"), secret)
        self.hello = b"GET %s/v1/hello?nonce=%%s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path.encode("latin-1"), host.encode("latin-1"))
        self.events_head = self.head.replace(b"/v1/route", b"/v1/events", 1)
        self.secret_line = secret
        self.host = host
        self.path = path
        self._idle = []  # (reader, writer) of keep-alive connections, most recent last
        self._loop = None
        self.circuit = circuit or Circuit()

    async def decide(self, summary: dict, sections: tuple) -> dict:
        """Ask once; if the server wants the text, ask again with it. Fails fast while the circuit is open.

        The text round has its own, longer deadline (count_timeout_ms): it only happens near a token
        threshold, carries the request's text and counts it exactly (tens of ms on a 600 KB body).
        """
        trial = self.circuit.before()
        try:
            answer = await self._post(summary, time.monotonic() + self.timeout_s, self.settings.timeout_ms)
            if answer.get("need") == "text":
                deadline = time.monotonic() + self.settings.count_timeout_ms / 1000.0
                answer = await self._post(dict(summary, text=section_texts(sections)), deadline, self.settings.count_timeout_ms)
                if answer.get("need") == "text":
                    raise HookFailure("asked for text twice")
        except HookFailure as failure:
            self.circuit.failed(failure, trial)
            raise
        except BaseException:  # cancelled (the client went away): the trial, if this was it, ends undecided
            if trial:
                self.circuit.trial = False
            raise
        self.circuit.succeeded(trial)
        return answer

    async def _post(self, summary: dict, deadline: float, budget_ms: float) -> dict:
        status, raw = await self._send(self.head, summary, deadline, budget_ms)
        return parse_decision(status, raw)

    async def post_json(self, path: str, payload: dict, timeout_s: float) -> int:
        """POST any small JSON document (the served-by counts) on the same pool; the status, or HookFailure."""
        head = b"POST %s%s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n%sContent-Length: " % (
            self.path.encode("latin-1"), path.encode("latin-1"), self.host.encode("latin-1"), self.secret_line)
        status, _ = await self._send(head, payload, time.monotonic() + timeout_s, timeout_s * 1000)
        return status

    async def _send(self, head: bytes, payload: dict, deadline: float, budget_ms: float) -> tuple:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise HookFailure("timed out after %g ms" % budget_ms)
        body = compact_json(payload)
        try:
            return await within(self._exchange(b"%s%d\r\n\r\n%s" % (head, len(body), body)), remaining)
        except asyncio.TimeoutError:  # not the builtin TimeoutError on Python 3.10
            raise HookFailure("timed out after %g ms" % budget_ms) from None
        except (OSError, EOFError, ValueError, asyncio.LimitOverrunError) as e:
            raise HookFailure("%s: %s" % (type(e).__name__, e)) from None

    async def send_events(self, body: bytes, timeout_s: float) -> None:
        """POST /v1/events with one batch of usage records; HookFailure unless the server kept them (200)."""
        try:
            status, raw = await within(self._exchange(b"%s%d\r\n\r\n%s" % (self.events_head, len(body), body)), timeout_s)
        except asyncio.TimeoutError:
            raise HookFailure("timed out after %g s" % timeout_s) from None
        except (OSError, EOFError, ValueError, asyncio.LimitOverrunError) as e:
            raise HookFailure("%s: %s" % (type(e).__name__, e)) from None
        if status != 200:
            raise HookFailure("HTTP %d: %s" % (status, raw[:300].decode("utf-8", "replace")), bug=status == 400)

    async def _exchange(self, request: bytes) -> tuple:
        """Send one request, read one answer; a connection the server closed while idle is retried once."""
        for fresh in (False, True):
            reader, writer, reused = await self._connection(fresh)
            try:
                writer.write(request)
                status, length, keep = response_head(await reader.readuntil(b"\r\n\r\n"))
                raw = await reader.readexactly(length)
            except (ConnectionError, asyncio.IncompleteReadError) as e:
                writer.transport.abort()
                if reused and not getattr(e, "partial", b""):
                    continue
                raise
            except BaseException:  # includes the deadline's cancellation: the answer may still come
                writer.transport.abort()
                raise
            if keep and len(self._idle) < IDLE_CONNECTIONS:
                self._idle.append((reader, writer))
            else:
                writer.transport.abort()
            return status, raw
        raise AssertionError("unreachable")

    async def _connection(self, fresh: bool) -> tuple:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # connections belong to one loop (tests, a restarted worker)
            self._idle, self._loop = [], loop
        while self._idle and not fresh:
            reader, writer = self._idle.pop()
            if not reader.at_eof() and not writer.transport.is_closing():
                return reader, writer, True
            writer.transport.abort()
        try:
            if self.settings.socket:
                reader, writer = await asyncio.open_unix_connection(self.settings.socket)
            else:
                host, port, tls = self.tcp
                reader, writer = await asyncio.open_connection(host, port, ssl=tls or None)
        except OSError as e:
            raise HookFailure("Cannot connect to %s: %s" % (self.where, e)) from None
        if self.settings.secret:
            try:
                await self._verify(reader, writer)
            except BaseException:
                writer.transport.abort()
                raise
        return reader, writer, False

    async def _verify(self, reader, writer) -> None:
        """Before anything about a request is sent: the server must prove it holds the hook secret.

        Another local user who binds hook.port first (or during a restart's backoff) would otherwise
        receive every request's summary, its text, and the secret itself.
        """
        nonce = os.urandom(16).hex()
        writer.write(self.hello % nonce.encode("ascii"))
        status, length, _ = response_head(await reader.readuntil(b"\r\n\r\n"))
        raw = await reader.readexactly(length)
        try:
            proof = loads(raw).get("proof") if status == 200 else None
        except (ValueError, AttributeError):
            proof = None
        expected = expected_proof(self.settings.secret, nonce).encode("ascii")
        if not (isinstance(proof, str) and hmac.compare_digest(proof.encode("utf-8", "replace"), expected)):
            raise HookFailure("the server at %s did not prove it holds the hook secret (HTTP %d); nothing was sent to it"
                              % (self.where, status), bug=True)

    async def aclose(self) -> None:
        """Close the idle connections: tests and the bench call it before their event loop ends."""
        idle, self._idle = self._idle, []
        for _, writer in idle:
            writer.close()
