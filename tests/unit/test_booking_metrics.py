"""Booking's business metrics follow the events a commit made true."""

import uuid
from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry

from contracts.booking import (
    BookingConfirmed,
    BookingNoShow,
    QuotaExhausted,
    SeriesCreated,
    Site,
    SpaceType,
)
from services.booking.adapters.booking_metrics import BookingMetrics

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


def booking_fields() -> dict:
    return {
        "booking_id": uuid.uuid4(),
        "tenant_id": uuid.uuid4(),
        "space_id": uuid.uuid4(),
        "space_code": "BITC-MUSIC-1",
        "space_type": SpaceType.MUSIC_ROOM,
        "site": Site.BITC,
        "starts_at": NOW + timedelta(days=1),
        "ends_at": NOW + timedelta(days=1, hours=2),
        "occurred_at": NOW,
    }


def test_each_booking_event_counts_as_entering_its_state_by_site_and_space_type():
    registry = CollectorRegistry()
    metrics = BookingMetrics(registry)
    metrics.count(
        [
            BookingConfirmed(**booking_fields()),
            BookingConfirmed(**booking_fields()),
            BookingNoShow(**booking_fields()),
            QuotaExhausted(
                tenant_id=uuid.uuid4(),
                space_type=SpaceType.MUSIC_ROOM,
                month="2026-12",
                quota_hours=16,
                occurred_at=NOW,
            ),
            SeriesCreated(
                series_id=uuid.uuid4(),
                tenant_id=uuid.uuid4(),
                space_id=uuid.uuid4(),
                space_code="BITC-MUSIC-2",
                occurrences=[],
                occurred_at=NOW,
            ),
        ]
    )

    def value(name, **labels):
        return registry.get_sample_value(name, labels)

    music = {"space_type": "music_room"}
    assert value("booking_bookings_total", state="confirmed", site="bitc", **music) == 2
    assert value("booking_bookings_total", state="no_show", site="bitc", **music) == 1
    assert value("booking_no_shows_total", **music) == 1
    assert value("booking_quota_exhausted_total", **music) == 1
