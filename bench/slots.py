"""Which 30-minute slot the g-th booking of a run takes, the same way in Python as in
bench/wrk/bookings.lua: room g mod R, the (g div R)-th slot of that room from the run's first
day on, for tenant (g div R) mod T. Each run books from a day range of its own, so no run's
bookings meet another's; HTTP runs stay inside the 90 days ahead a booking may be made."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bench.fleet import Fleet
from bitc.fault_drill.load import LEAD

WIB = ZoneInfo("Asia/Jakarta")
SLOT = timedelta(minutes=30)
SLOTS_A_DAY = 46
#: First day of each run, in days after today (WIB); the gaps are each run's room to grow.
FIRST_DAY = {"c1": 1, "c16": 11, "c64": 41, "latency": 71, "warm-up": 86, "raw": 400}
#: The raw baselines write far beyond any HTTP run: no rule limits how far ahead SQL may book.
RAW_DAYS_PER_RUN = 200


def first_day(run: str, raw_run: int = 0) -> datetime:
    # "Today" is the day of a moment LEAD ahead: just before midnight, tomorrow's first slot
    # would break booking's lead time.
    today = (datetime.now(WIB) + LEAD).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=FIRST_DAY[run] + raw_run * RAW_DAYS_PER_RUN)


def days_of(run: str) -> tuple[datetime, datetime]:
    """The first day of an HTTP run and the first day after the room it has to grow."""
    after = min(day for day in FIRST_DAY.values() if day > FIRST_DAY[run])
    return first_day(run), first_day(run) + timedelta(days=after - FIRST_DAY[run])


def slot(g: int, fleet: Fleet, first: datetime) -> tuple[str, str, datetime]:
    """(room id, tenant id, start) of the g-th booking of the run starting at ``first``."""
    nth = g // len(fleet.rooms)
    starts = first + timedelta(days=nth // SLOTS_A_DAY) + (nth % SLOTS_A_DAY) * SLOT
    return fleet.rooms[g % len(fleet.rooms)], fleet.tenants[nth % len(fleet.tenants)].id, starts


def epoch(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())
