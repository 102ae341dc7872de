"""Which messages go first when mail queues, and which are withdrawn once their moment passes."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.notifications import Channel
from services.notifications.domain.categories import PRIORITY, Category, Priority
from services.notifications.domain.notification import Notification, RecipientKind

NOW = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
STARTS = NOW + timedelta(hours=2)


def notification(category: Category, **overrides) -> Notification:
    tenant = uuid.uuid4()
    values = {
        "tenant_id": tenant,
        "recipient": str(tenant),
        "recipient_kind": RecipientKind.TENANT,
        "category": category,
        "channel": Channel.EMAIL,
        "source_event_id": "event-1",
        "event_time": NOW,
        "created_at": NOW,
        "details": {"booking_id": str(uuid.uuid4()), "starts_at": STARTS.isoformat()},
    }
    return Notification(**values | overrides)


def test_every_category_has_a_priority():
    assert set(PRIORITY) == set(Category)


@pytest.mark.parametrize(
    ("category", "priority"),
    [
        (Category.BOOKING_REMINDER, Priority.URGENT),
        (Category.BOOKING_WAITLIST_PROMOTED, Priority.URGENT),
        (Category.BOOKING_NO_SHOW, Priority.URGENT),
        (Category.BOOKING_CANCELLED, Priority.URGENT),
        (Category.BOOKING_REJECTED, Priority.URGENT),
        (Category.BOOKING_CONFIRMED, Priority.NORMAL),
        (Category.LEASE_EXPIRING, Priority.NORMAL),
        (Category.SERIES_SUMMARY, Priority.BULK),
        (Category.STAFF_REQUESTS_DIGEST, Priority.BULK),
    ],
)
def test_time_sensitive_messages_go_before_records_and_records_before_summaries(category, priority):
    assert notification(category).priority is priority
    assert Priority.URGENT < Priority.NORMAL < Priority.BULK


@pytest.mark.parametrize(
    "category", [Category.BOOKING_WAITLIST_PROMOTED, Category.BOOKING_REMINDER]
)
def test_news_of_a_booking_is_withdrawn_once_the_booking_has_started(category):
    n = notification(category)

    assert n.expires_at == STARTS
    assert not n.expired(STARTS - timedelta(seconds=1))
    assert n.expired(STARTS)


def test_a_confirmation_or_cancellation_is_still_worth_sending_after_the_start():
    for category in (Category.BOOKING_CONFIRMED, Category.BOOKING_CANCELLED):
        n = notification(category)
        assert n.expires_at is None
        assert not n.expired(STARTS + timedelta(days=1))


def test_a_deadline_given_explicitly_is_kept():
    n = notification(Category.BOOKING_REMINDER, expires_at=STARTS - timedelta(minutes=5))

    assert n.expires_at == STARTS - timedelta(minutes=5)
