"""Waiting for asynchronous outcomes with a deadline, never a fixed sleep. The polling itself is
the fault drill's (bitc/fault_drill/waiting.py), so the platform has one such loop; this keeps
the tests' spelling of it and polls more often, since tests wait for quick local outcomes."""

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
