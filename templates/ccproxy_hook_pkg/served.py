"""Which target served each request, counted per LiteLLM worker and pushed to the hook server in small
batches (never on a request's path), so `ccproxy status` can show fallbacks next to the decisions."""

import asyncio
import time
from typing import Optional

FLUSH_S = 2.0  # a batch leaves at most this long after its first count
PUSH_TIMEOUT_S = 1.0
MAX_KEYS = 256  # counts kept while the hook server cannot take them


class ServedCounter:
    """(route, served) -> requests; `route` is the label the rules chose, `served` the one that answered."""

    def __init__(self) -> None:
        self.counts: dict = {}
        self.exhausted: dict = {}  # route -> requests whose whole chain failed
        self.client = None
        self.timer: Optional[asyncio.TimerHandle] = None
        self.timer_loop = None

    def bind(self, client) -> None:
        """The hook client whose connection pool carries the batches (install() binds the handler's)."""
        self.client = client

    def note(self, route: Optional[str], served: str) -> None:
        self._bump(self.counts, (route or "", served))

    def note_exhausted(self, route: Optional[str]) -> None:
        self._bump(self.exhausted, route or "")

    def _bump(self, table: dict, key) -> None:
        if key in table or len(table) < MAX_KEYS:
            table[key] = table.get(key, 0) + 1
        if self.client is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        if self.timer is None or self.timer_loop is not loop:  # a batch per loop: tests, a restarted worker
            self.timer, self.timer_loop = loop.call_later(FLUSH_S, lambda: loop.create_task(self.flush())), loop

    def batch(self) -> Optional[dict]:
        """The pending counts as the hook server's POST /v1/served body, and forget them; None when empty."""
        if not self.counts and not self.exhausted:
            return None
        served = [{"route": route, "served": label, "n": n} for (route, label), n in self.counts.items()]
        exhausted = [{"route": route, "n": n} for route, n in self.exhausted.items()]
        self.counts, self.exhausted = {}, {}
        return {"v": 1, "served": served, "exhausted": exhausted, "at": time.time()}

    async def flush(self) -> None:
        self.timer = None
        payload = self.batch()
        if payload is None or self.client is None:
            return
        try:
            await self.client.post_json("/v1/served", payload, PUSH_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - best effort: the hook server may be restarting; the counts are dropped
            pass


SERVED = ServedCounter()
