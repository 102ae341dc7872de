"""Waiting for the platform to reach a state, always with a deadline: a fault drill that hangs
tells nobody anything. The tests wait with the same loop (tests/polling.py)."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class NotSettled(AssertionError):
    """The platform did not reach the awaited state in time; the message says what was seen."""


async def settle(
    probe: Callable[[], Awaitable[T]],
    ok: Callable[[T], bool],
    *,
    within_s: float,
    what: str,
    interval_s: float = 0.2,
) -> T:
    """Calls ``probe`` until ``ok(result)``; NotSettled with the last result at the deadline.

    A probe that raises (the thing probed is down) counts as not yet.
    """
    deadline = time.monotonic() + within_s
    last: object = "never answered"
    while True:
        try:
            result = await probe()
        except Exception as exc:
            last = repr(exc)
        else:
            if ok(result):
                return result
            last = result
        if time.monotonic() > deadline:
            raise NotSettled(f"not within {within_s:.0f} s: {what}; last seen: {last!r:.600}")
        await asyncio.sleep(interval_s)
