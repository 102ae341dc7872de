"""When the staff digest of requests awaiting approval is due (domain/request_digest.py)."""

from datetime import UTC, datetime, timedelta

from services.notifications.domain.request_digest import request_digest_due

T0 = datetime(2030, 5, 6, 2, 0, tzinfo=UTC)
DELAY = timedelta(minutes=15)


def test_the_first_request_is_due_once_it_has_waited_the_delay() -> None:
    assert not request_digest_due(T0, None, T0 + DELAY - timedelta(seconds=1), DELAY)
    assert request_digest_due(T0, None, T0 + DELAY, DELAY)


def test_a_request_recorded_late_waits_a_full_period_after_the_last_digest() -> None:
    last = T0 + timedelta(minutes=20)
    assert not request_digest_due(T0, last, last + DELAY - timedelta(seconds=1), DELAY)
    assert request_digest_due(T0, last, last + DELAY, DELAY)


def test_a_request_after_the_last_digest_waits_the_delay_from_its_own_time() -> None:
    last, first = T0, T0 + timedelta(minutes=30)
    assert not request_digest_due(first, last, first + timedelta(minutes=14), DELAY)
    assert request_digest_due(first, last, first + DELAY, DELAY)
