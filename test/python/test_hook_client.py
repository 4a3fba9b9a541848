"""HookClient, the hook's small HTTP/1.1 client: keep-alive reuse, framing, and every way an answer can fail."""


import asyncio
import json
import os

import pytest
from aiohttp import web

from ccproxy_hook_pkg import hook_client
from ccproxy_hook_pkg.errors import HookFailure
from ccproxy_hook_pkg.hook_client import MAX_ANSWER_BYTES, HookClient, response_head
from ccproxy_hook_pkg.settings import Settings

from conftest import DECISION

SUMMARY = {"v": 1, "call_type": "messages", "model": "m", "bytes": {"system": 0, "messages": 0, "tools": 0}}
SECTIONS = (b"", b"", b"")
ANSWER = json.dumps(DECISION).encode()


def client(path, timeout_ms=500):
    return HookClient(Settings(socket=path, timeout_ms=timeout_ms))


class RawServer:
    """A Unix-socket server that answers request n with `answer(n)`: bytes, (bytes,) to hang up after, or None."""

    def __init__(self, path, answer):
        self.path, self.answer = path, answer
        self.requests, self.connections, self.server = [], 0, None

    async def start(self):
        self.server = await asyncio.start_unix_server(self.serve, self.path)

    async def serve(self, reader, writer):
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
                self.requests.append(head + await reader.readexactly(length))
                reply = self.answer(len(self.requests))
                if reply is None:  # hang up without answering
                    break
                writer.write(reply if isinstance(reply, bytes) else reply[0])
                await writer.drain()
                if not isinstance(reply, bytes):  # (bytes,): answer, then hang up
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    async def stop(self):
        self.server.close()
        await self.server.wait_closed()


def http(body=ANSWER, status=b"200 OK", headers=b""):
    return b"HTTP/1.1 %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n%s\r\n%s" % (status, len(body), headers, body)


@pytest.fixture
async def raw(short_tmp):
    servers = []

    async def make(answer):
        server = RawServer(os.path.join(short_tmp, "raw%d.sock" % len(servers)), answer)
        await server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        await server.stop()


async def test_the_request_is_plain_http_1_1_with_content_length(raw):
    server = await raw(lambda n: http())
    c = client(server.path)
    assert await c.decide(SUMMARY, SECTIONS) == DECISION
    head, body = server.requests[0].split(b"\r\n\r\n", 1)
    assert head.split(b"\r\n")[0] == b"POST /v1/route HTTP/1.1"
    assert b"Content-Type: application/json" in head and b"Content-Length: %d" % len(body) in head
    assert json.loads(body) == SUMMARY
    await c.aclose()


async def test_one_connection_is_reused_for_sequential_calls(raw):
    server = await raw(lambda n: http())
    c = client(server.path)
    for _ in range(5):
        await c.decide(SUMMARY, SECTIONS)
    assert server.connections == 1 and len(server.requests) == 5
    await c.aclose()


async def test_concurrent_calls_each_get_their_own_connection(server):
    server.delay_s = 0.05
    c = client(server.path)
    answers = await asyncio.gather(*(c.decide(SUMMARY, SECTIONS) for _ in range(3)))
    assert answers == [DECISION] * 3
    assert len(server.connections) == 3 and len(c._idle) == 3
    await c.aclose()


async def test_a_connection_closed_while_idle_is_retried_on_a_new_one(raw):
    # Answer 1 normally, then hang up on request 2 without a byte: the keep-alive race.
    server = await raw(lambda n: None if n == 2 else http())
    c = client(server.path)
    assert await c.decide(SUMMARY, SECTIONS) == DECISION
    assert await c.decide(SUMMARY, SECTIONS) == DECISION
    assert server.connections == 2 and len(server.requests) == 3
    await c.aclose()


async def test_a_server_that_hangs_up_on_a_new_connection_is_a_failure(raw):
    server = await raw(lambda n: None)
    c = client(server.path)
    with pytest.raises(HookFailure, match="IncompleteReadError"):
        await c.decide(SUMMARY, SECTIONS)
    assert len(server.requests) == 1  # no retry: the connection was fresh
    await c.aclose()


async def test_connection_close_is_honoured(raw):
    server = await raw(lambda n: http(headers=b"connection: close\r\n"))
    c = client(server.path)
    await c.decide(SUMMARY, SECTIONS)
    await c.decide(SUMMARY, SECTIONS)
    assert server.connections == 2 and c._idle == []
    await c.aclose()


@pytest.mark.parametrize(
    "reply, why",
    [
        (b"<html>not http</html>\r\n\r\n", "not an HTTP/1.x answer"),
        (b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "not framed by Content-Length"),
        (b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{}", "no usable Content-Length"),
        (b"HTTP/1.1 abc OK\r\ncontent-length: 2\r\n\r\n{}", "ValueError"),
        ((b"HTTP/1.1 200 OK\r\ncontent-length: 99\r\n\r\n{}",), "IncompleteReadError"),
    ],
    ids=["not-http", "chunked", "no-length", "bad-status", "short-body"],
)
async def test_malformed_answers_are_failures_and_the_connection_is_dropped(raw, reply, why):
    server = await raw(lambda n: reply if n == 1 else http())
    c = client(server.path)
    with pytest.raises(HookFailure, match=why):
        await c.decide(SUMMARY, SECTIONS)
    assert c._idle == []
    assert await c.decide(SUMMARY, SECTIONS) == DECISION  # a fresh connection works
    await c.aclose()


async def test_a_timeout_drops_the_connection_and_the_next_call_recovers(server):
    server.delay_s = 0.2
    c = client(server.path, timeout_ms=50)
    with pytest.raises(HookFailure, match="timed out after 50 ms"):
        await c.decide(SUMMARY, SECTIONS)
    assert c._idle == []
    server.delay_s = 0
    assert await c.decide(SUMMARY, SECTIONS) == DECISION
    await c.aclose()


async def test_the_text_round_gets_a_fresh_deadline_of_its_own(server):
    answers = iter([(200, {"v": 1, "need": "text"}), (200, DECISION)])
    server.respond = lambda raw: next(answers)
    server.delay_s = 0.04  # each round fits timeout_ms, both together would not
    c = client(server.path, timeout_ms=60)
    assert await c.decide(SUMMARY, SECTIONS) == DECISION
    await c.aclose()


async def test_refused_connection_names_the_socket(short_tmp):
    path = os.path.join(short_tmp, "nobody.sock")
    with pytest.raises(HookFailure, match="Cannot connect to unix socket %s" % path):
        await client(path).decide(SUMMARY, SECTIONS)


async def test_tcp_url_with_a_path_prefix():
    seen = []

    async def route(request):
        seen.append((request.path, request.headers["Host"], await request.json()))
        return web.json_response(DECISION)

    app = web.Application()
    app.router.add_post("/prefix/v1/route", route)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    c = HookClient(Settings(url="http://127.0.0.1:%d/prefix" % port, timeout_ms=500))
    try:
        assert await c.decide(SUMMARY, SECTIONS) == DECISION
        assert seen == [("/prefix/v1/route", "127.0.0.1:%d" % port, SUMMARY)]
    finally:
        await c.aclose()
        await runner.cleanup()


async def test_a_new_event_loop_gets_new_connections(server):
    c = client(server.path)
    await c.decide(SUMMARY, SECTIONS)
    stale = c._idle[:]
    c._loop = object()  # as if the loop had been replaced (a restarted worker, another test)
    await c.decide(SUMMARY, SECTIONS)
    assert c._idle and c._idle[0] is not stale[0]
    stale[0][1].close()
    await c.aclose()


def test_response_head_parsing():
    assert response_head(b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n") == (200, 12, True)
    assert response_head(b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 3\r\n\r\n") == (400, 3, False)
    assert response_head(b"HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n") == (200, 0, False)
    assert response_head(b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\ncontent-length: 0\r\n\r\n") == (200, 0, True)
    with pytest.raises(ValueError):
        response_head(b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n" % (MAX_ANSWER_BYTES + 1))


async def test_the_python_3_10_deadline_fallback_times_out_the_same_way(server, monkeypatch):
    monkeypatch.setattr(hook_client, "within", asyncio.wait_for)
    server.delay_s = 0.2
    c = client(server.path, timeout_ms=50)
    with pytest.raises(HookFailure, match="timed out after 50 ms"):
        await c.decide(SUMMARY, SECTIONS)
    server.delay_s = 0
    assert await c.decide(SUMMARY, SECTIONS) == DECISION
    await c.aclose()


# --- the circuit breaker ---------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


async def test_the_circuit_opens_after_failures_in_a_row_then_fails_fast(server):
    clock = Clock()
    server.delay_s = 0.2
    c = HookClient(Settings(socket=server.path, timeout_ms=50), hook_client.Circuit(failures=3, open_s=1.0, clock=clock))
    for _ in range(3):
        with pytest.raises(HookFailure, match="timed out"):
            await c.decide(SUMMARY, SECTIONS)
    asked = len(server.received)
    with pytest.raises(HookFailure, match=r"circuit open after 3 failures in a row \(last: timed out after 50 ms\)"):
        await c.decide(SUMMARY, SECTIONS)
    assert len(server.received) == asked  # failed fast: the server was not asked
    await c.aclose()


async def test_a_trial_after_the_open_period_closes_the_circuit_when_the_server_answers(server, caplog):
    clock = Clock()
    circuit = hook_client.Circuit(failures=2, open_s=1.0, clock=clock)
    c = HookClient(Settings(socket=server.path, timeout_ms=500), circuit)
    server.respond = lambda raw: (500, b"{}")
    for _ in range(2):
        with pytest.raises(HookFailure, match="HTTP 500"):
            await c.decide(SUMMARY, SECTIONS)
    clock.now += 1.0
    server.respond = lambda raw: (200, DECISION)
    assert await c.decide(SUMMARY, SECTIONS) == DECISION
    assert circuit.open_until is None and circuit.failures == 0
    assert "answers again; circuit closed" in caplog.text
    await c.aclose()


async def test_a_failed_trial_doubles_the_open_period_up_to_the_cap(server):
    clock = Clock()
    circuit = hook_client.Circuit(failures=1, open_s=1.0, max_open_s=3.0, clock=clock)
    c = HookClient(Settings(socket=server.path, timeout_ms=500), circuit)
    server.respond = lambda raw: (503, b"{}")
    periods = []
    with pytest.raises(HookFailure):
        await c.decide(SUMMARY, SECTIONS)
    for _ in range(3):
        periods.append(circuit.open_for)
        clock.now = circuit.open_until
        with pytest.raises(HookFailure, match="HTTP 503"):  # the trial asks the server
            await c.decide(SUMMARY, SECTIONS)
    assert periods + [circuit.open_for] == [1.0, 2.0, 3.0, 3.0]
    await c.aclose()


async def test_while_a_trial_is_in_flight_other_requests_fail_fast(server):
    clock = Clock()
    circuit = hook_client.Circuit(failures=1, open_s=1.0, clock=clock)
    c = HookClient(Settings(socket=server.path, timeout_ms=500), circuit)
    server.respond = lambda raw: (500, b"{}")
    with pytest.raises(HookFailure):
        await c.decide(SUMMARY, SECTIONS)
    clock.now += 1.0
    server.respond = lambda raw: (200, DECISION)
    server.delay_s = 0.1
    trial = asyncio.ensure_future(c.decide(SUMMARY, SECTIONS))
    await asyncio.sleep(0.02)
    with pytest.raises(HookFailure, match="circuit open"):
        await c.decide(SUMMARY, SECTIONS)
    assert await trial == DECISION
    assert await c.decide(SUMMARY, SECTIONS) == DECISION
    await c.aclose()


async def test_a_rejected_summary_does_not_count_against_the_server(server):
    circuit = hook_client.Circuit(failures=2, open_s=1.0)
    c = HookClient(Settings(socket=server.path, timeout_ms=500), circuit)
    server.respond = lambda raw: (400, {"error": {"message": "bad"}})
    for _ in range(4):
        with pytest.raises(HookFailure, match="HTTP 400"):
            await c.decide(SUMMARY, SECTIONS)
    assert circuit.open_until is None
    await c.aclose()


async def test_post_json_shares_the_pool(raw):
    server = await raw(lambda n: http(body=b"{}"))
    c = client(server.path)
    assert await c.post_json("/v1/served", {"v": 1}, 1.0) == 200
    assert server.requests[0].startswith(b"POST /v1/served HTTP/1.1\r\n")
    await c.aclose()
