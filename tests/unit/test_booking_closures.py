"""A closure can be moved: the change is announced again under the same closure id."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.booking import ClosureReason, Site, SpaceClosed
from services.booking.domain.closure import Closure
from services.booking.domain.errors import BookingRuleBroken

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def a_closure() -> Closure:
    closure = Closure.declare(
        site=Site.BITC,
        space_id=uuid.uuid4(),
        starts_at=NOW + timedelta(days=1),
        ends_at=NOW + timedelta(days=2),
        reason=ClosureReason.MAINTENANCE,
        now=NOW,
    )
    closure.events.clear()
    return closure


def test_moving_a_closure_announces_its_new_period_under_the_same_id():
    closure = a_closure()
    new_end = NOW + timedelta(days=3)
    closure.reschedule(
        starts_at=closure.starts_at, ends_at=new_end, reason=ClosureReason.CITY_EVENT, now=NOW
    )
    [event] = closure.events
    assert isinstance(event, SpaceClosed)
    assert (event.closure_id, event.ends_at, event.reason) == (
        closure.id,
        new_end,
        ClosureReason.CITY_EVENT,
    )


def test_a_closure_cannot_be_moved_to_end_before_it_starts():
    closure = a_closure()
    with pytest.raises(BookingRuleBroken) as refused:
        closure.reschedule(
            starts_at=closure.starts_at,
            ends_at=closure.starts_at,
            reason=closure.reason,
            now=NOW,
        )
    assert refused.value.rule == "period-empty"
    assert closure.events == []
