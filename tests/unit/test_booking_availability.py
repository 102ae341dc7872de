"""Free intervals against a brute-force oracle on random data, minute by minute."""

import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest

from services.booking.domain.availability import free_intervals
from services.booking.domain.opening_hours import OpeningHours

BASE = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)  # Monday 07:00 WIB
MINUTE = timedelta(minutes=1)
HORIZON = 3 * 24 * 60  # minutes: three days


def at(minute: int) -> datetime:
    return BASE + minute * MINUTE


def random_spans(rng: random.Random, count: int, longest: int) -> list[tuple[datetime, datetime]]:
    spans = []
    for _ in range(count):
        start = rng.randrange(-120, HORIZON)
        spans.append((at(start), at(start + rng.randrange(1, longest))))
    return spans


@pytest.mark.parametrize("seed", range(40))
def test_free_intervals_match_a_minute_by_minute_oracle(seed):
    rng = random.Random(seed)
    hours = OpeningHours.from_json(
        {
            day: [f"{rng.randrange(6, 11):02d}:00", f"{rng.randrange(16, 23):02d}:30"]
            for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            if rng.random() < 0.85
        }
    )
    window = (at(rng.randrange(0, 600)), at(HORIZON - rng.randrange(0, 600)))
    closures = random_spans(rng, rng.randrange(0, 3), 600)
    held = random_spans(rng, rng.randrange(0, 25), 240)
    before, after = (
        timedelta(minutes=rng.choice([0, 15, 30])),
        timedelta(minutes=rng.choice([0, 10])),
    )

    free = free_intervals(
        window=window,
        opening=hours.windows(*window),
        closures=closures,
        held=held,
        buffer_before=before,
        buffer_after=after,
    )

    def oracle(minute: datetime) -> bool:
        """Could a one-minute booking [minute, minute+1) be made?"""
        booking = (minute, minute + MINUTE)
        if not (window[0] <= minute < window[1]):
            return False
        if not hours.covers(*booking):
            return False
        if any(s < booking[1] and booking[0] < e for s, e in closures):
            return False
        wanted = (booking[0] - before, booking[1] + after)
        return not any(s < wanted[1] and wanted[0] < e for s, e in held)

    def in_answer(minute: datetime) -> bool:
        return any(s <= minute < e for s, e in free)

    for m in range(-1, HORIZON + 1):
        assert in_answer(at(m)) == oracle(at(m)), f"seed {seed}, minute {at(m)}"
    assert all(s < e for s, e in free)
    assert all(a[1] < b[0] for a, b in itertools.pairwise(free)), "sorted and merged"
