"""Awaiting something within a deadline without wrapping it in a task of its own.

`asyncio.wait_for` on Python 3.11 runs a coroutine as a new task: one more trip around the event loop for every hook
round trip and every chunk of a request body. `asyncio.timeout` (3.11+) puts the timer on the running task instead.
"""

import asyncio
from typing import Any

if hasattr(asyncio, "timeout"):

    async def within(awaitable, seconds: float) -> Any:
        """`await awaitable`, or asyncio.TimeoutError after `seconds`."""
        async with asyncio.timeout(seconds):
            return await awaitable

else:  # Python 3.10
    within = asyncio.wait_for  # same signature: (awaitable, seconds)
