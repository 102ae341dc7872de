"""The notifications log's filters (only known values reach the API) and which rows offer a
retry."""

from services.console.domain.notifications_log import LogFilter, log_rows


def test_the_notifications_log_sends_only_known_filter_values():
    asked = {"status": "dead", "channel": "pigeon", "tenant_id": "not-an-id", "category": ""}

    assert LogFilter.of(asked).as_query() == {"status": "dead"}
    tenant = "3f1d2c4e-0000-4000-8000-000000000001"
    assert LogFilter.of({"tenant_id": tenant}).as_query() == {"tenant_id": tenant}


def test_only_a_notification_dead_for_good_offers_a_retry():
    def notification(status):
        return {
            "id": status, "created_at": "2026-08-17T01:00:00+00:00", "tenant_id": None,
            "recipient_kind": "staff", "channel": "email", "category": "booking_confirmed",
            "status": status, "attempts": 3, "last_error": "HTTP 503",
        }  # fmt: skip

    rows = log_rows([notification("dead"), notification("failed"), notification("sent")])

    assert [row.retryable for row in rows] == [True, False, False]
    assert rows[0].created_at.isoformat() == "2026-08-17T08:00:00+07:00"
