"""Shared fixtures: the hook package loaded from templates/, and a real fake hook server.

The fake server is a real aiohttp server on a temporary Unix socket: the tests exercise the hook's
actual HTTP client, pooling and timeouts, not mocks of our own code.
"""

import asyncio
import json
import os
import shutil
import sys
import tempfile

import pytest
from aiohttp import web

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEMPLATES = os.path.join(ROOT, "templates")
HOOK_FILE = os.path.join(TEMPLATES, "ccproxy_hook.py")
HOOK_PACKAGE = os.path.join(TEMPLATES, "ccproxy_hook_pkg")

# Before anything imports litellm: no network fetch of the cost map, no .env from the cwd.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("LITELLM_MODE", "PRODUCTION")
# The tests import the package's modules as LiteLLM does once the shim has run.
sys.path.insert(0, TEMPLATES)

from ccproxy_hook_pkg.handler import CCProxyHandler  # noqa: E402
from ccproxy_hook_pkg.settings import Settings  # noqa: E402


def install_hook(config_dir):
    """The hook as `ccproxy init` installs it: ccproxy_hook.py and the package folder beside it."""
    shutil.copy(HOOK_FILE, os.path.join(config_dir, "ccproxy_hook.py"))
    shutil.copytree(HOOK_PACKAGE, os.path.join(config_dir, "ccproxy_hook_pkg"), ignore=shutil.ignore_patterns("__pycache__"))


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
        self.event_batches = []  # POST /v1/events bodies, parsed
        self.events_status = 200

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

    async def handle_events(self, request):
        body = json.loads(await request.read())
        if self.events_status != 200:
            return web.json_response({"error": {"type": "UsageWriteFailed", "message": "disk full", "code": 503}}, status=self.events_status)
        self.event_batches.append(body)
        return web.json_response({"v": 1, "accepted": len(body["events"]), "rejected": 0, "duplicates": 0})

    async def start(self):
        app = web.Application()
        app.router.add_post("/v1/events", self.handle_events)
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
        handler = CCProxyHandler(Settings(**settings))
        made.append(handler)
        return handler

    yield make
    for handler in made:
        await handler.client.aclose()
