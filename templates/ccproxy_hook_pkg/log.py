"""The hook's logger, and a rate-limited form of it so an outage does not flood the log."""

import logging
import time

WARN_INTERVAL_S = 30.0

# A child of LiteLLM's proxy logger, so our lines share its handlers and format.
log = logging.getLogger("LiteLLM Proxy.ccproxy")


class RateLimitedLog:
    """One log line per interval under an outage, with a count of what it held back."""

    def __init__(self, level: int = logging.WARNING, interval_s: float = WARN_INTERVAL_S) -> None:
        self.level = level
        self.interval_s = interval_s
        self.last = float("-inf")
        self.suppressed = 0

    def emit(self, message: str) -> None:
        """Log now if the interval has passed, else count the line for the next one."""
        now = time.monotonic()
        if now - self.last < self.interval_s:
            self.suppressed += 1
            return
        if self.suppressed:
            message += " (%d more like it since the last one)" % self.suppressed
        log.log(self.level, message)
        self.last, self.suppressed = now, 0
