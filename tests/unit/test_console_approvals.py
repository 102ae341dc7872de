"""The approval queue's form: one row's button or the selected rows, rejecting only with one of
the reasons booking records, and the queue in the order requests were made."""

import uuid

from services.console.domain.approvals import (
    NO_REASON,
    NOTHING_CHOSEN,
    Decision,
    decision_of,
    queue_of,
)

B1, B2, B3 = (str(uuid.uuid4()) for _ in range(3))


def test_one_rows_approve_button_approves_that_booking_only():
    assert decision_of(B1, "", "", [B2, B3], "") == Decision("approve", (B1,), None)


def test_rejecting_needs_one_of_the_reasons_booking_records():
    assert decision_of("", B1, "", [], "") == NO_REASON
    assert decision_of("", B1, "", [], "because I say so") == NO_REASON
    assert decision_of("", B1, "", [], "duplicate-request") == Decision(
        "reject", (B1,), "duplicate-request"
    )


def test_the_selected_bookings_are_decided_together_once_each():
    assert decision_of("", "", "approve", [B1, B2, B1], "") == Decision("approve", (B1, B2), None)
    assert decision_of("", "", "reject", [B1], "incomplete-request").booking_ids == (B1,)
    assert decision_of("", "", "approve", [], "") == NOTHING_CHOSEN
    assert decision_of("", "", "reject", [B1], "") == NO_REASON


def test_the_queue_holds_requested_bookings_longest_waiting_first():
    def requested(booking_id, created, status="requested"):
        return {
            "id": booking_id,
            "space_id": "room-1",
            "tenant_id": "t1",
            "starts_at": "2026-08-20T09:00:00+07:00",
            "ends_at": "2026-08-20T11:00:00+07:00",
            "created_at": created,
            "status": status,
            "series_id": "s1" if booking_id == "late" else None,
        }

    bookings = [
        requested("late", "2026-08-10T05:00:00+00:00"),
        requested("early", "2026-08-09T05:00:00+00:00"),
        requested("done", "2026-08-01T05:00:00+00:00", status="confirmed"),
    ]

    queue = queue_of(bookings, {"room-1": "Music room 1"}, {"t1": "Komunitas Musik Baros"})

    assert [item.booking_id for item in queue] == ["early", "late"]
    assert queue[1].in_series
    assert not queue[0].in_series
    assert (queue[0].space_name, queue[0].tenant_name) == ("Music room 1", "Komunitas Musik Baros")
    assert queue[0].starts_at.isoformat() == "2026-08-20T09:00:00+07:00"


def test_anything_but_a_booking_id_decides_nothing():
    assert decision_of("../spaces", "", "", [], "") == NOTHING_CHOSEN
    assert decision_of("", "", "approve", [B1, "x"], "") == NOTHING_CHOSEN
