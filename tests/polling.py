"""Waiting for asynchronous outcomes with a deadline, never a fixed sleep."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]],
    *,
    until: Callable[[T], bool],
    timeout: float = 30,
    what: str = "",
) -> T:
    """Calls ``probe`` until ``until(result)`` holds; fails with the last result at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if until(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s: {what}; last seen: {result!r}")
        await asyncio.sleep(0.05)
