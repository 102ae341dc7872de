"""Waiting for asynchronous outcomes with a deadline, never a fixed sleep. The polling itself is
the fault drill's (bitc/fault_drill/waiting.py), so the platform has one such loop; this keeps
the tests' spelling of it and polls more often, since tests wait for quick local outcomes."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bitc.fault_drill.waiting import settle

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]],
    *,
    until: Callable[[T], bool],
    timeout: float = 30,
    what: str = "",
) -> T:
    """Calls ``probe`` until ``until(result)`` holds; fails with the last result at the deadline."""
    return await settle(probe, until, within_s=timeout, what=what, interval_s=0.05)


async def within(seconds: float, awaitable: Awaitable[T]) -> T:
    """``awaitable``'s result, or TimeoutError after ``seconds`` (asyncio.timeout, not wait_for,
    which on Python 3.11 can swallow a cancel; see pyproject's banned-api)."""
    async with asyncio.timeout(seconds):
        return await awaitable
