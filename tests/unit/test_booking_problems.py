"""What booking's refusals answer over HTTP, through the one shared problem handler: the slugs,
statuses and members clients match (docs/architecture.md, "Errors")."""

import json
import uuid
from datetime import UTC, datetime

from services.booking.domain.errors import (
    BookingConflict,
    BookingRuleBroken,
    IllegalBookingTransition,
    SpaceNotFound,
    TenantNotActive,
    TenantNotFound,
)
from services.booking.domain.period import Period
from shared.domain.errors import UnknownReference
from shared.http.problems import problem_of

SPACE = uuid.UUID("7f0c6a53-0000-4000-8000-000000000001")


def answer(error: Exception) -> dict:
    # Through JSON, as a client reads it: every member must be serialisable.
    return json.loads(json.dumps(problem_of(error).body("/bookings")))


def test_a_taken_slot_is_409_booking_conflict_naming_the_period_it_meets():
    taken = Period(datetime(2026, 12, 2, 12, tzinfo=UTC), datetime(2026, 12, 2, 14, tzinfo=UTC))

    body = answer(BookingConflict(SPACE, taken))

    assert (body["type"], body["status"]) == ("urn:bitc:problem:booking-conflict", 409)
    assert body["rule"] == "booking-conflict"
    assert body["conflicting_period"] == {
        "starts_at": "2026-12-02T12:00:00Z",
        "ends_at": "2026-12-02T14:00:00Z",
    }


def test_a_broken_rule_is_422_with_the_rule_and_its_details_as_members():
    body = answer(BookingRuleBroken("over-quota", "no hours left", remaining_hours=0))

    assert (body["type"], body["status"]) == ("urn:bitc:problem:over-quota", 422)
    assert (body["rule"], body["remaining_hours"]) == ("over-quota", 0)


def test_rules_broken_by_the_state_of_things_are_409():
    inactive = answer(TenantNotActive("suspended"))
    illegal = answer(IllegalBookingTransition("checked in", "cancelled"))

    assert (inactive["status"], inactive["tenant_standing"]) == (409, "suspended")
    assert (illegal["type"], illegal["status"]) == ("urn:bitc:problem:illegal-transition", 409)
    assert illegal["booking_status"] == "cancelled"


def test_a_space_or_tenant_in_the_path_is_404_but_in_a_body_422_unknown():
    assert answer(SpaceNotFound(SPACE))["type"] == "urn:bitc:problem:space-not-found"
    assert answer(SpaceNotFound(SPACE))["status"] == 404

    space = answer(UnknownReference(SpaceNotFound(SPACE)))
    tenant = answer(UnknownReference(TenantNotFound(SPACE)))

    assert (space["type"], space["status"]) == ("urn:bitc:problem:unknown-space", 422)
    assert (tenant["type"], tenant["status"]) == ("urn:bitc:problem:unknown-tenant", 422)
    assert tenant["detail"] == f"no tenant {SPACE} is known to booking"
