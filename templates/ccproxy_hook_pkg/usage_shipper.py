"""Usage records and the hook's step times leave the worker in batches, off the request path, over the hook server's socket.

LiteLLM's success and failure events only enqueue (a deque append); a timer on the event loop sends
what has gathered to the hook server (POST /v1/events) in one request, with the step-time histogram
counts gathered meanwhile (timing.py; best effort: a batch that cannot be sent drops its times). The hook server is the only
writer of the usage files, so any number of LiteLLM workers can record at once. While it cannot be
reached the records wait (bounded: past MAX_QUEUED the oldest are dropped, and counted in the log).
"""

import asyncio
import logging
from collections import deque
from typing import Optional

from .errors import HookFailure
from .json_bytes import compact_json
from .log import RateLimitedLog

FLUSH_DELAY_S = 0.25  # records of one burst share a request; a status line sees them a moment later
MAX_BATCH = 500  # ~200 KB of JSON, far below the hook server's body limit
MAX_QUEUED = 20_000  # ~10 MB of dicts at most, while the hook server is down
SEND_TIMEOUT_S = 5.0
RETRY_DELAYS_S = (1.0, 2.0, 5.0, 10.0, 30.0)


class UsageShipper:
    """A bounded queue of usage records and the timer that ships them to the hook server."""

    def __init__(self, client, times=None, flush_delay_s: float = FLUSH_DELAY_S, max_queued: int = MAX_QUEUED) -> None:
        self.client = client
        self.times = times  # a timing.StepTimes, or None
        self.flush_delay_s = flush_delay_s
        self.queue: deque = deque()
        self.max_queued = max_queued
        self.dropped = 0  # since the last log line about it
        self.failures = 0  # consecutive failed sends
        self._timer: Optional[asyncio.TimerHandle] = None
        self._task: Optional[asyncio.Task] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self.outage_log = RateLimitedLog(logging.WARNING)

    def add(self, record: dict) -> None:
        """Enqueue one record and make sure a send is due; never blocks, never raises on a full queue."""
        if len(self.queue) >= self.max_queued:
            self.queue.popleft()
            self.dropped += 1
        self.queue.append(record)
        self._schedule(self.flush_delay_s)

    def poke(self) -> None:
        """Step times were recorded: make sure a send is due (at most one timer per flush window)."""
        self._schedule(self.flush_delay_s)

    def _schedule(self, delay_s: float) -> None:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # a timer or task of another loop (tests, a restarted worker) is dead
            self._loop, self._timer, self._task = loop, None, None
        if self._timer is None and (self._task is None or self._task.done()):
            self._timer = loop.call_later(delay_s, self._start_flush)

    def _start_flush(self) -> None:
        self._timer = None
        self._task = self._loop.create_task(self.flush())

    async def flush(self) -> None:
        """Send everything queued, batch by batch; on failure keep the batch (not the times) and retry later."""
        while True:
            timing = self.times.take() if self.times is not None else None
            batch = [self.queue.popleft() for _ in range(min(MAX_BATCH, len(self.queue)))]
            if not batch and timing is None:
                return
            body = {"v": 1, "events": batch, "timing": timing} if timing is not None else {"v": 1, "events": batch}
            try:
                await self.client.send_events(compact_json(body), SEND_TIMEOUT_S)
            except HookFailure as failure:
                self._requeue(batch)
                self.failures += 1
                delay = RETRY_DELAYS_S[min(self.failures, len(RETRY_DELAYS_S)) - 1]
                self.outage_log.emit("ccproxy usage: %d records wait for the hook server (%s); retrying in %gs%s" % (
                    len(self.queue), failure, delay, self._dropped_note()))
                self._timer = self._loop.call_later(delay, self._start_flush)
                return
            except Exception:  # a bug must not kill the timer chain for good
                self.outage_log.emit("ccproxy usage: sending records failed unexpectedly; %d dropped" % len(batch))
                continue
            self.failures = 0

    def _requeue(self, batch: list) -> None:
        room = self.max_queued - len(self.queue)
        if room < len(batch):
            self.dropped += len(batch) - room
            batch = batch[len(batch) - room:] if room > 0 else []
        self.queue.extendleft(reversed(batch))

    def _dropped_note(self) -> str:
        if not self.dropped:
            return ""
        note, self.dropped = "; dropped %d oldest (queue full at %d)" % (self.dropped, self.max_queued), 0
        return note
