"""The delivery state machine, its backoff, rate limits, quiet hours, preferences and reminders."""

import random
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest

from contracts.notifications import Channel, NotificationFailed, NotificationSent
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import BackoffPolicy, DeliveryStatus, RateLimit
from services.notifications.domain.errors import InvalidPreferences
from services.notifications.domain.notification import Notification, RecipientKind
from services.notifications.domain.preferences import Preferences
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.domain.reminders import remind_at
from shared.domain.errors import IllegalTransition
from shared.http.problems import problem_of

NOW = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # 12.00 WIB
TENANT = uuid.uuid4()


def notification(**overrides) -> Notification:
    values = {
        "tenant_id": TENANT,
        "recipient": str(TENANT),
        "recipient_kind": RecipientKind.TENANT,
        "category": Category.BOOKING_CONFIRMED,
        "channel": Channel.EMAIL,
        "source_event_id": "event-1",
        "event_time": NOW,
        "created_at": NOW,
    }
    return Notification(**values | overrides)


def test_a_sent_message_publishes_sent_without_any_address():
    n = notification()
    n.claim(NOW)
    n.mark_sent(NOW)

    assert n.status is DeliveryStatus.SENT
    [event] = n.events
    assert isinstance(event, NotificationSent)
    assert event.tenant_id == TENANT
    assert "@" not in event.model_dump_json()


def test_failures_back_off_then_die_after_the_last_attempt():
    policy = BackoffPolicy(max_attempts=3, initial_s=10, max_s=1000)
    n = notification()
    n.claim(NOW)
    n.mark_failed(NOW, "SMTP unavailable", policy)
    assert n.status is DeliveryStatus.FAILED
    assert NOW + timedelta(seconds=5) <= n.next_attempt_at <= NOW + timedelta(seconds=10)
    for _ in range(2):
        n.claim(NOW)
        n.mark_failed(NOW, "SMTP unavailable", policy)

    assert n.status is DeliveryStatus.DEAD
    [event] = n.events
    assert isinstance(event, NotificationFailed)
    assert event.attempts == 3


def test_a_claim_released_on_shutdown_is_due_again_at_once_and_costs_no_attempt():
    policy = BackoffPolicy(max_attempts=3, initial_s=10, max_s=1000)
    n = notification()
    n.claim(NOW)
    n.release()
    assert (n.status, n.attempts, n.next_attempt_at) == (DeliveryStatus.PENDING, 0, NOW)

    n.claim(NOW)
    n.mark_failed(NOW, "SMTP unavailable", policy)
    retry_at = n.next_attempt_at
    n.claim(retry_at)
    n.release()
    assert (n.status, n.attempts, n.next_attempt_at) == (DeliveryStatus.FAILED, 1, retry_at)
    assert n.events == []
    with pytest.raises(IllegalTransition):
        n.release()


def test_a_permanent_failure_is_dead_at_once_and_staff_can_retry_it():
    n = notification()
    n.claim(NOW)
    n.mark_failed(NOW, "recipient refused", BackoffPolicy(), permanent=True)
    assert n.status is DeliveryStatus.DEAD

    n.retry(NOW)
    assert (n.status, n.attempts) == (DeliveryStatus.PENDING, 0)
    with pytest.raises(IllegalTransition):
        n.retry(NOW)


def test_retrying_what_is_not_dead_is_a_409_naming_the_current_status():
    n = notification()
    with pytest.raises(IllegalTransition) as refused:
        n.retry(NOW)
    problem = problem_of(refused.value).body("/notifications/x/retry")
    assert problem["status"] == 409
    assert problem["type"] == "urn:bitc:problem:illegal-transition"
    assert (problem["current_status"], problem["current_state"]) == ("pending", "pending")


def test_backoff_grows_exponentially_with_bounded_jitter():
    policy = BackoffPolicy(max_attempts=10, initial_s=10, max_s=100)
    rng = random.Random(7)
    delays = [policy.delay_s(attempt, rng) for attempt in range(1, 7)]

    for attempt, delay in enumerate(delays, start=1):
        step = min(100, 10 * 2 ** (attempt - 1))
        assert step / 2 <= delay <= step


def test_rate_limit_budget_counts_the_last_minute():
    assert RateLimit(10).budget(attempted_last_minute=7, batch_size=50) == 3
    assert RateLimit(10).budget(attempted_last_minute=12, batch_size=50) == 0
    assert RateLimit(100).budget(attempted_last_minute=0, batch_size=50) == 50


@pytest.mark.parametrize(
    ("utc_hour", "held_until_wib"),
    [(15, 7), (23, 7), (5, None), (13, None)],  # 22.00, 06.00, 12.00, 20.00 WIB
)
def test_quiet_hours_span_midnight_in_jakarta(utc_hour, held_until_wib):
    quiet = QuietHours(time(21), time(7))
    release = quiet.release_time(NOW.replace(hour=utc_hour))
    if held_until_wib is None:
        assert release is None
    else:
        assert release is not None
        assert release.hour == held_until_wib
        assert release > NOW.replace(hour=utc_hour)


def test_preferences_choose_channels_and_fall_back_to_email_without_a_phone():
    prefs = Preferences(
        TENANT,
        channels={Category.BOOKING_CONFIRMED: (Channel.WHATSAPP, Channel.EMAIL)},
        opted_out=frozenset({Category.BOOKING_REMINDER}),
    )
    assert prefs.channels_for(Category.BOOKING_CONFIRMED, has_phone=True) == (
        Channel.WHATSAPP,
        Channel.EMAIL,
    )
    assert prefs.channels_for(Category.BOOKING_CONFIRMED, has_phone=False) == (Channel.EMAIL,)
    assert prefs.channels_for(Category.BOOKING_REMINDER, has_phone=True) == ()
    assert prefs.channels_for(Category.TENANT_ACTIVATED, has_phone=True) == (Channel.EMAIL,)


def test_essential_messages_cannot_be_turned_off():
    with pytest.raises(InvalidPreferences):
        Preferences(TENANT, opted_out=frozenset({Category.BOOKING_CANCELLED}))
    with pytest.raises(InvalidPreferences):
        Preferences(TENANT, channels={Category.BOOKING_CONFIRMED: (Channel.WEBHOOK,)})


def test_a_reminder_is_due_a_lead_time_before_the_start_unless_that_has_passed():
    starts = NOW + timedelta(hours=3)
    assert remind_at(starts, timedelta(hours=1), NOW) == starts - timedelta(hours=1)
    assert remind_at(NOW + timedelta(minutes=30), timedelta(hours=1), NOW) is None
