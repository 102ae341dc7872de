"""A steady load of bookings over HTTP, the way tenants make them, and what each answer was.

Every booking takes the next free 30-minute slot of a space made for one scenario, so all of
them are legitimate and only a fault (never a rule) can stand between a request and its commit.
"""

import asyncio
import contextlib
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from bitc.fault_drill.waiting import settle

WIB = ZoneInfo("Asia/Jakarta")
_DAY = ("00:00", "23:30")
_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SLOT = timedelta(minutes=30)


@dataclass
class LoadOutcome:
    """What the clients saw; ``acknowledged`` holds the ids of bookings answered 201."""

    requests: int = 0
    acknowledged: set[str] = field(default_factory=set)
    conflicts: int = 0
    failures: Counter[str] = field(default_factory=Counter)

    def record(self, answer: httpx.Response | BaseException) -> None:
        self.requests += 1
        if isinstance(answer, BaseException):
            self.failures[type(answer).__name__] += 1
        elif answer.status_code == 201:
            self.acknowledged.add(answer.json()["id"])
        elif answer.status_code == 409:
            self.conflicts += 1
        else:
            self.failures[f"HTTP {answer.status_code}"] += 1


async def new_space(booking: httpx.AsyncClient, label: str) -> str:
    """A meeting room open around the clock every day, for one scenario alone."""
    body = {
        "site": "bitc",
        "code": f"DRILL-{label.upper()}-{uuid.uuid4().hex[:6].upper()}",
        "name": f"Fault drill: {label}",
        "type": "meeting_room",
        "capacity": 10,
        "opening_hours": {day: list(_DAY) for day in _WEEK},
    }
    response = await booking.post("/spaces", json=body)
    response.raise_for_status()
    space_id: str = response.json()["id"]
    return space_id


#: How far ahead the first slot a load books starts, at least: well past booking's lead time
#: (15 minutes by default), so a run started just before midnight WIB books as any other does.
LEAD = timedelta(hours=2)


def slots() -> Iterator[tuple[str, str]]:
    """Consecutive 30-minute slots, inside the opening hours, from the first WIB midnight at
    least ``LEAD`` ahead: tomorrow's, unless the day is nearly over (then the first slot would
    break booking's lead time)."""
    day = (datetime.now(WIB) + LEAD).replace(hour=0, minute=0, second=0, microsecond=0)
    while True:
        day += timedelta(days=1)
        starts = day
        while starts + _SLOT <= day.replace(hour=23, minute=30):
            yield starts.isoformat(), (starts + _SLOT).isoformat()
            starts += _SLOT


class BookingLoad:
    """Workers posting bookings back to back into one space until stopped."""

    def __init__(
        self, booking: httpx.AsyncClient, tenant_id: str, space_id: str, workers: int = 2
    ) -> None:
        self._booking = booking
        self._tenant_id = tenant_id
        self._space_id = space_id
        self._workers = workers
        self._slots = slots()
        self.outcome = LoadOutcome()

    async def book(self, starts_at: str, ends_at: str) -> httpx.Response | BaseException:
        body = {
            "space_id": self._space_id,
            "tenant_id": self._tenant_id,
            "starts_at": starts_at,
            "ends_at": ends_at,
        }
        try:
            answer: httpx.Response | BaseException = await self._booking.post(
                "/bookings", json=body
            )
        except httpx.HTTPError as exc:
            answer = exc
        self.outcome.record(answer)
        return answer

    def next_slot(self) -> tuple[str, str]:
        return next(self._slots)

    async def _work(self) -> None:
        while True:
            answer = await self.book(*self.next_slot())
            # A refused connection comes back at once: without a pause a dead service would
            # turn the load into a busy loop that starves the processes being drilled.
            failed = isinstance(answer, BaseException) or answer.status_code >= 500
            await asyncio.sleep(0.2 if failed else 0.05)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[LoadOutcome]:
        tasks = [asyncio.create_task(self._work()) for _ in range(self._workers)]
        try:
            yield self.outcome
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def more(self, count: int, within_s: float = 60) -> None:
        """Waits until ``count`` more bookings than now were acknowledged: the load flows."""
        target = len(self.outcome.acknowledged) + count

        async def acknowledged() -> int:
            return len(self.outcome.acknowledged)

        await settle(
            acknowledged,
            lambda n: n >= target,
            within_s=within_s,
            what=f"{count} more bookings acknowledged",
        )
