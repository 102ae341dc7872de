"""Issue #17: the benchmark's bookings are all legitimate, so that its 409s are only the ones it
provokes on purpose: every booking of a run takes a slot no other booking takes, inside the
rooms' opening hours (00:00-23:30 WIB) and inside the 90 days ahead a booking may be made."""

import uuid
from datetime import time

from bench.fleet import Fleet, Tenant
from bench.slots import FIRST_DAY, SLOT, SLOTS_A_DAY, days_of, first_day, slot

FLEET = Fleet(
    tenants=[Tenant(str(uuid.uuid4()), "token") for _ in range(20)],
    rooms=[str(uuid.uuid4()) for _ in range(40)],
)


def test_every_booking_of_a_run_takes_a_slot_of_its_own_within_opening_hours() -> None:
    first = first_day("c16")
    taken = [slot(g, FLEET, first) for g in range(len(FLEET.rooms) * SLOTS_A_DAY * 3)]

    assert len({(room, starts) for room, _, starts in taken}) == len(taken)
    for _, _, starts in taken:
        ends = starts + SLOT
        assert starts.minute in (0, 30)
        assert ends.date() == starts.date()
        assert ends.time() <= time(23, 30)


def test_each_tenant_books_in_turn() -> None:
    tenants = {tenant for _, tenant, _ in (slot(g, FLEET, first_day("c1")) for g in range(800))}

    assert tenants == {t.id for t in FLEET.tenants}


def test_the_http_runs_book_from_days_of_their_own_inside_the_90_days_ahead() -> None:
    http_runs = ["c1", "c16", "c64", "latency", "warm-up"]
    starts = sorted(FIRST_DAY[run] for run in http_runs)

    assert len(set(starts)) == len(starts)
    assert max(starts) < 90
    assert FIRST_DAY["raw"] > 90


def test_a_run_s_days_end_where_the_next_run_begins() -> None:
    first, after = days_of("latency")

    assert first == first_day("latency")
    assert after == first_day("warm-up")
