"""What a calendar app reads in a booking feed: each change of a booking is the same event
(UID) with a higher SEQUENCE and a later DTSTAMP, a booking that no longer holds its space
stays as STATUS:CANCELLED, and a series' dates carry the series' UID."""

import uuid
from datetime import timedelta

import pytest

from contracts.booking import CancellationReason
from services.booking.entrypoints.http import calendar_rendering
from tests.calendar_reading import read_feed
from tests.unit.test_booking_lifecycle import START, booking


def only_event(made):
    (event,) = read_feed(calendar_rendering.render("Ruang Latihan Musik 2", [made])).values()
    return event


def test_a_request_approved_then_cancelled_stays_one_event_each_step_newer():
    made = booking(needs_approval=True)
    requested = only_event(made)
    made.approve(START - timedelta(days=1, hours=-2))
    approved = only_event(made)
    made.cancel(CancellationReason.BY_BOOKER, START - timedelta(hours=6))
    cancelled = only_event(made)

    assert requested.uid == approved.uid == cancelled.uid == f"{made.id}@booking.bitc"
    assert [e.status for e in (requested, approved, cancelled)] == [
        "TENTATIVE",
        "CONFIRMED",
        "CANCELLED",
    ]
    assert requested.sequence < approved.sequence < cancelled.sequence
    assert requested.stamp < approved.stamp < cancelled.stamp
    assert cancelled.stamp == START - timedelta(hours=6)
    assert cancelled.summary.startswith("Cancelled:")
    assert (cancelled.starts_at, cancelled.ends_at) == (made.period.starts_at, made.period.ends_at)


@pytest.mark.parametrize(
    ("needs_approval", "step"),
    [
        (True, lambda b: b.reject("not-approved", START - timedelta(hours=5))),
        (False, lambda b: b.mark_no_show(START + timedelta(minutes=20))),
    ],
    ids=["rejected", "no-show"],
)
def test_a_booking_that_no_longer_holds_its_space_shows_as_cancelled(needs_approval, step):
    made = booking(needs_approval=needs_approval)
    before = only_event(made)
    step(made)
    after = only_event(made)
    assert (before.status, after.status) == (
        "TENTATIVE" if needs_approval else "CONFIRMED",
        "CANCELLED",
    )
    assert after.sequence > before.sequence


def test_checked_in_and_completed_stay_confirmed_and_still_count_as_changes():
    made = booking()
    made.check_in(START - timedelta(minutes=10))
    checked_in = only_event(made)
    made.complete(START + timedelta(hours=2))
    completed = only_event(made)
    assert (checked_in.status, completed.status) == ("CONFIRMED", "CONFIRMED")
    assert 0 < checked_in.sequence < completed.sequence


def test_a_series_date_is_a_plain_event_naming_its_series_and_a_single_booking_names_none():
    series_id = uuid.uuid4()
    dated, single = booking(), booking()
    dated.series_id = series_id
    events = read_feed(calendar_rendering.render("Ruang Latihan Musik 2", [dated, single]))
    assert events[f"{dated.id}@booking.bitc"].series == f"{series_id}@series.booking.bitc"
    assert events[f"{single.id}@booking.bitc"].series is None
    assert not any(e.recurs for e in events.values())
