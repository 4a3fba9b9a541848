"""The hook's own time per request, as histograms: recorded in async_pre_call_hook, shipped off the request path.

Each worker keeps one histogram per step (``hook`` = the whole of async_pre_call_hook's routing, ``summary``,
``round_trip`` to the hook server, ``apply`` = everything after the answer, ``decide`` = the hook server's own
decision time from its answer). Buckets are the hook server's (src/hook-server/latency-histogram.ts: whole
microseconds, exact below 64, then 32 per power of two, ~3 % wide), so the server merges what it receives without
loss; only the counts gathered since the last shipment travel (``take``), with the usage records' batch
(usage_shipper.py: POST /v1/events). Recording is a few integer operations and dict increments per step.
"""

import math
import os
from typing import Optional

LINEAR = 64  # values below this (µs) get one exact bucket each
SUB_BITS = 5  # 32 sub-buckets per power of two above LINEAR
SUB = 1 << SUB_BITS
MAX_EXPONENT = 40
STEPS = ("hook", "summary", "round_trip", "apply", "decide")


def bucket_of(micros: int) -> int:
    """The bucket index latency-histogram.ts's bucketOf gives the same whole number of microseconds."""
    if micros < LINEAR:
        return micros if micros > 0 else 0
    exponent = min(micros.bit_length() - 1, MAX_EXPONENT)
    sub = min((micros >> (exponent - SUB_BITS)) - SUB, SUB - 1)
    return LINEAR + (exponent - 6) * SUB + sub


class StepTimes:
    """Counts per bucket for each step since the last take(), plus each step's max; one per LiteLLM worker."""

    def __init__(self) -> None:
        self.pending: dict = {}  # step -> {bucket: count}
        self.maxima: dict = {}  # step -> max µs since the last take()

    def record_ns(self, step: str, nanos: int) -> None:
        """One duration in nanoseconds, rounded up to whole microseconds as the server's histogram does."""
        self.record_us(step, -(-nanos // 1000))

    def record_us(self, step: str, micros: int) -> None:
        buckets = self.pending.get(step)
        if buckets is None:
            buckets = self.pending[step] = {}
        bucket = bucket_of(micros)
        buckets[bucket] = buckets.get(bucket, 0) + 1
        if micros > self.maxima.get(step, -1):
            self.maxima[step] = micros

    def take(self) -> Optional[dict]:
        """What gathered since the last call, as POST /v1/events's `timing` field, and forget it; None when empty."""
        if not self.pending:
            return None
        steps = {step: {"buckets": {str(b): n for b, n in buckets.items()}, "max": self.maxima[step]}
                 for step, buckets in self.pending.items()}
        self.pending, self.maxima = {}, {}
        return {"worker": str(os.getpid()), "steps": steps}


def decide_micros(decision: dict) -> Optional[int]:
    """The hook server's decision time from its answer (`decide_us`), when it sent one."""
    value = decision.get("decide_us")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e12:
        return None
    return math.ceil(value)
