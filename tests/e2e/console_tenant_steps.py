"""Steps the tests of a tenant's console pages share (HTTP-level in tests/e2e, and the browser
tests in tests/browser): an active tenant booking already knows, and evenings no other test
books (the other tests' slots end by 21:00, tests/e2e/api_steps.py)."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import httpx

from tests.e2e.api_steps import WIB, register
from tests.polling import eventually

#: Single bookings of these tests: 20:00-22:00 WIB on this room, one evening each.
SINGLE_ROOM = "BITC-MUSIC-1"
#: Weekly series of these tests: 20:00-22:00 WIB on this room, each test on its own weekday.
SERIES_ROOM = "BITC-MUSIC-2"
EVENING = 20


async def active_tenant(tenancy: httpx.AsyncClient, booking: httpx.AsyncClient) -> str:
    """A new active tenant on the open plan, once booking has learnt it is active."""
    tenant_id = await register(tenancy, activate=True)

    async def record() -> httpx.Response:
        return await booking.get(f"/tenants/{tenant_id}")

    await eventually(
        record,
        until=lambda r: r.status_code == 200 and r.json()["standing"] == "active",
        what="booking learns the tenant is active",
    )
    return tenant_id


def _evenings() -> Iterator[date]:
    today = datetime.now(WIB).date()
    for ahead in range(3, 89):
        yield today + timedelta(days=ahead)


_free_evenings = _evenings()


def free_evening() -> tuple[datetime, datetime]:
    """20:00-22:00 WIB of a day no other test books on SINGLE_ROOM."""
    starts = datetime.combine(next(_free_evenings), datetime.min.time(), WIB)
    starts = starts.replace(hour=EVENING)
    return starts, starts + timedelta(hours=2)


def weekday_dates(weekday: int, weeks: int, first_ahead: int) -> list[date]:
    """``weeks`` dates on ``weekday`` (Monday 0), the first at least ``first_ahead`` days away."""
    first = datetime.now(WIB).date() + timedelta(days=first_ahead)
    first += timedelta(days=(weekday - first.weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range(weeks)]
