"""Shared fixtures: the hook module loaded from templates/, and a real fake hook server.

The fake server is a real aiohttp server on a temporary Unix socket: the tests exercise the hook's
actual HTTP client, pooling and timeouts, not mocks of our own code.
"""

import asyncio
import importlib.util
import os
import sys
import tempfile

import pytest
from aiohttp import web

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOOK_FILE = os.path.join(ROOT, "templates", "ccproxy_hook.py")

# Before anything imports litellm: no network fetch of the cost map, no .env from the cwd.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("LITELLM_MODE", "PRODUCTION")
# The module builds `handler` at import; give it a (never contacted) socket so import succeeds.
os.environ["CCPROXY_HOOK_SETTINGS"] = os.path.join(tempfile.gettempdir(), "ccproxy-no-such-settings.json")
os.environ["CCPROXY_HOOK_SOCKET"] = os.path.join(tempfile.gettempdir(), "ccproxy-import-only.sock")


def _load_hook_module():
    spec = importlib.util.spec_from_file_location("ccproxy_hook", HOOK_FILE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["ccproxy_hook"] = module
    spec.loader.exec_module(module)
    return module


hook = _load_hook_module()

DECISION = {
    "v": 1,
    "label": "think",
    "model": "anthropic/claude-opus-4-1",
    "alias": "ccproxy-think",
    "rule": "thinking",
    "reason": "thinking budget 31999 >= 8000",
}


class FakeHookServer:
    """Answers POST /v1/route with whatever `respond` returns, and remembers what it received."""

    def __init__(self, path):
        self.path = path
        self.received = []  # raw request bodies, in order
        self.connections = set()  # one entry per TCP/Unix connection used
        self.respond = lambda body: (200, DECISION)
        self.delay_s = 0.0
        self.runner = None

    async def handle(self, request):
        raw = await request.read()
        self.received.append(raw)
        self.connections.add(id(request.transport))
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        status, payload = self.respond(raw)
        if isinstance(payload, (bytes, str)):
            return web.Response(status=status, body=payload, content_type="application/json")
        return web.json_response(payload, status=status)

    async def start(self):
        app = web.Application()
        app.router.add_post("/v1/route", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.UnixSite(self.runner, self.path).start()

    async def stop(self):
        await self.runner.cleanup()


@pytest.fixture
def short_tmp():
    """Unix socket paths must stay under ~104 bytes; pytest's tmp_path can be longer."""
    with tempfile.TemporaryDirectory(prefix="cch-", dir="/tmp") as d:
        yield d


@pytest.fixture
async def server(short_tmp):
    fake = FakeHookServer(os.path.join(short_tmp, "hook.sock"))
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def make_handler(server):
    """A CCProxyHandler pointed at the fake server; closes its pooled client afterwards."""
    made = []

    def make(**overrides):
        settings = dict(socket=server.path, timeout_ms=500, on_failure="fail_open", default_alias="ccproxy-default")
        settings.update(overrides)
        handler = hook.CCProxyHandler(hook.Settings(**settings))
        made.append(handler)
        return handler

    yield make
    for handler in made:
        await handler.client.aclose()
