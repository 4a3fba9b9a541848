"""The hook secret on the hook channel: the server proves it holds it before the client sends anything, then every
request carries it. An impostor on hook.port gets neither a summary nor the secret."""

import json

import pytest
from aiohttp import web

from ccproxy_hook_pkg.errors import HookFailure
from ccproxy_hook_pkg.hook_client import HookClient, expected_proof
from ccproxy_hook_pkg.settings import Settings, load_settings

from conftest import DECISION

SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
SUMMARY = {"v": 1, "call_type": "messages", "model": "m", "bytes": {"system": 0, "messages": 0, "tools": 0}}


def test_the_proof_is_the_same_hmac_the_typescript_server_computes():
    # src/hook-server/server.test.ts computes this with node:crypto
    assert expected_proof(SECRET, "ab" * 16) == "4c800457924c1c3a25c88480d6897c2ff7391ed517627361ec9f1ac65d501211"


class TcpServer:
    """127.0.0.1:<ephemeral>; `prove` decides what /v1/hello answers; every request is recorded with its headers."""

    def __init__(self, prove):
        self.prove, self.seen, self.runner, self.url = prove, [], None, None

    async def hello(self, request):
        self.seen.append((request.method, request.path_qs, dict(request.headers), b""))
        status, body = self.prove(request.query.get("nonce", ""))
        return web.json_response(body, status=status)

    async def route(self, request):
        self.seen.append((request.method, request.path_qs, dict(request.headers), await request.read()))
        if request.headers.get("X-CCProxy-Secret") != SECRET:
            return web.json_response({"error": {"type": "Unauthorized"}}, status=401)
        return web.json_response(DECISION)

    async def start(self):
        app = web.Application()
        app.router.add_get("/v1/hello", self.hello)
        app.router.add_post("/v1/route", self.route)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.url = "http://127.0.0.1:%d" % site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self):
        await self.runner.cleanup()


@pytest.fixture
async def tcp():
    made = []

    async def make(prove):
        server = await TcpServer(prove).start()
        made.append(server)
        return server

    yield make
    for server in made:
        await server.stop()


async def test_the_genuine_server_proves_itself_once_per_connection_then_gets_the_secret_on_every_request(tcp):
    server = await tcp(lambda nonce: (200, {"v": 1, "proof": expected_proof(SECRET, nonce)}))
    client = HookClient(Settings(url=server.url, secret=SECRET))
    for _ in range(3):
        assert await client.decide(SUMMARY, (b"", b"", b"")) == DECISION
    kinds = [(method, path.split("?")[0]) for method, path, _, _ in server.seen]
    assert kinds == [("GET", "/v1/hello"), ("POST", "/v1/route"), ("POST", "/v1/route"), ("POST", "/v1/route")]
    hello_headers = server.seen[0][2]
    assert "X-CCProxy-Secret" not in hello_headers  # the secret only after the proof
    assert all(headers["X-CCProxy-Secret"] == SECRET for _, _, headers, _ in server.seen[1:])
    await client.aclose()


@pytest.mark.parametrize(
    "prove",
    [
        lambda nonce: (404, {"error": {"type": "NotFound"}}),  # a hook server without the secret, or a stranger
        lambda nonce: (200, {"v": 1, "proof": expected_proof("another-install-secret-0000000000000", nonce)}),
        lambda nonce: (200, {"v": 1, "proof": "0" * 64}),
        lambda nonce: (200, {"v": 1}),
        lambda nonce: (200, {"v": 1, "proof": "\u00e9" * 64}),
    ],
    ids=["no-hello", "other-secret", "zero-proof", "no-proof", "non-ascii-proof"],
)
async def test_an_impostor_gets_neither_the_summary_nor_the_secret(tcp, prove):
    server = await tcp(prove)
    client = HookClient(Settings(url=server.url, secret=SECRET))
    with pytest.raises(HookFailure, match="did not prove it holds the hook secret") as failure:
        await client.decide(SUMMARY, (b"", b"", b""))
    assert failure.value.bug  # logged as an error, not as an outage
    assert [path.split("?")[0] for _, path, _, _ in server.seen] == ["/v1/hello"]
    assert not any(SECRET in json.dumps(headers) or SECRET.encode() in body for _, _, headers, body in server.seen)
    assert client._idle == []
    await client.aclose()


def test_settings_read_the_secret_from_its_file_and_never_show_it(tmp_path):
    secret_file = tmp_path / "hook.secret"
    secret_file.write_text(SECRET + "\n")
    path = tmp_path / "ccproxy_hook.json"
    path.write_text(json.dumps({"url": "http://127.0.0.1:4100", "secret_file": str(secret_file), "secret_env": ["A_KEY"]}))
    settings = load_settings(str(path), env={})
    assert settings.secret == SECRET and settings.secret_env == ("A_KEY",)
    assert SECRET not in repr(settings)


def test_a_missing_secret_file_stops_litellm_at_start_up(tmp_path):
    path = tmp_path / "ccproxy_hook.json"
    path.write_text(json.dumps({"url": "http://127.0.0.1:4100", "secret_file": str(tmp_path / "nope")}))
    with pytest.raises(Exception, match="cannot read the hook secret .*nope.*ccproxy init"):
        load_settings(str(path), env={})


async def test_a_401_says_which_setting_is_wrong(tcp):
    server = await tcp(lambda nonce: (200, {"v": 1, "proof": expected_proof(SECRET, nonce)}))
    unkeyed = HookClient(Settings(url=server.url))  # a hand-edited ccproxy_hook.json without secret_file
    with pytest.raises(HookFailure, match="HTTP 401: the hook server did not accept the hook secret") as failure:
        await unkeyed.decide(SUMMARY, (b"", b"", b""))
    assert failure.value.bug
    await unkeyed.aclose()
