"""Booking rules: which requests become a booking and which are refused, and why."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from contracts.booking import BookingConfirmed, BookingRequested, ClosureReason, Site, SpaceType
from contracts.tenancy import MonthlyQuota, OverQuotaPolicy, PlanEntitlements
from services.booking.domain import booking_policy
from services.booking.domain.booking import MAX_DURATION, BookingStatus, Period
from services.booking.domain.closure import Closure
from services.booking.domain.errors import BookingRuleBroken
from services.booking.domain.opening_hours import OpeningHours
from services.booking.domain.quota import QuotaAccount
from services.booking.domain.rules import BookingRules
from services.booking.domain.space import Space
from services.booking.domain.tenant_standing import Standing, TenantStanding

WIB = timezone(timedelta(hours=7), "WIB")
# Tuesday 1 December 2026, 10:00 WIB.
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
# Wednesday 2 December 2026, 10:00 WIB / 17:00 WIB.
TOMORROW_10_UTC = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
EVERY_DAY = {day: ["08:00", "22:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
RULES = BookingRules(
    min_duration_min=60,
    max_duration_min=240,
    granularity_min=30,
    min_lead_min=60,
    max_days_ahead=30,
    buffer_before_min=15,
    buffer_after_min=10,
    allowed_kinds=("startup", "community"),
    approval_kinds=("community",),
)


def make_space(*, active=True, hours=None, capacity=4):
    return Space(
        id=uuid.uuid4(),
        site=Site.BITC,
        code="BITC-STUDIO-1",
        name="Dubbing studio 1",
        type=SpaceType.DUBBING_STUDIO,
        capacity=capacity,
        active=active,
        opening_hours=OpeningHours.from_json(EVERY_DAY if hours is None else hours),
    )


def make_tenant(standing=Standing.ACTIVE, kind="startup", entitlements=None):
    return TenantStanding(uuid.uuid4(), standing, kind, "coworking-flex", entitlements)


def wib(day, hour, minute=0):
    return datetime(2026, 12, day, hour, minute, tzinfo=WIB)


def admit(period, *, space=None, tenant=None, attendees=1, closures=(), now=NOW):
    booking_policy.admit(
        space=space or make_space(),
        rules=RULES,
        tenant=tenant or make_tenant(),
        period=period,
        attendees=attendees,
        closures=closures,
        now=now,
    )


def rejected_rule(build):
    with pytest.raises(BookingRuleBroken) as rejected:
        build()
    assert str(rejected.value), "a rejection explains itself"
    return rejected.value.rule


# --- the period itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "length", [timedelta(0), timedelta(minutes=-30)], ids=["zero-length", "ends-before-start"]
)
def test_a_period_that_does_not_end_after_it_starts_is_rejected_as_empty(length):
    rule = rejected_rule(lambda: Period(TOMORROW_10_UTC, TOMORROW_10_UTC + length))
    assert rule == "period-empty"


def test_a_period_longer_than_twelve_hours_is_rejected_as_too_long():
    rule = rejected_rule(
        lambda: Period(TOMORROW_10_UTC, TOMORROW_10_UTC + MAX_DURATION + timedelta(minutes=1))
    )
    assert rule == "period-too-long"


def test_a_period_of_exactly_twelve_hours_is_allowed():
    period = Period(TOMORROW_10_UTC, TOMORROW_10_UTC + timedelta(hours=12))
    assert period.ends_at - period.starts_at == timedelta(hours=12)


@pytest.mark.parametrize("naive_end", [False, True], ids=["naive-start", "naive-end"])
def test_a_period_without_a_utc_offset_is_rejected(naive_end):
    start = TOMORROW_10_UTC if naive_end else TOMORROW_10_UTC.replace(tzinfo=None)
    end = (TOMORROW_10_UTC + timedelta(hours=1)).replace(tzinfo=None if naive_end else UTC)
    assert rejected_rule(lambda: Period(start, end)) == "timezone-required"


def test_a_time_that_overflows_on_conversion_to_utc_is_a_rule_breach_not_a_crash():
    start = datetime(1, 1, 1, 0, 0, tzinfo=WIB)
    assert rejected_rule(lambda: Period(start, start + timedelta(hours=9))) == "period-out-of-range"


def test_a_period_written_in_wib_is_kept_as_the_same_instants_in_utc():
    period = Period(wib(2, 19), wib(2, 21))
    assert period.starts_at == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert period.ends_at == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    assert period.starts_at.utcoffset() == timedelta(0)


def test_an_offset_that_changes_the_day_does_not_turn_a_valid_period_empty():
    # 06:00 WIB is 23:00 UTC the day before; compared as instants, this is a half-hour booking.
    period = Period(
        datetime(2026, 12, 3, 6, 0, tzinfo=WIB), datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    )
    assert period.ends_at - period.starts_at == timedelta(minutes=30)


# --- who may book what, and when ----------------------------------------------------------


def test_a_valid_request_passes_every_rule():
    admit(Period(wib(2, 10), wib(2, 12)))


def test_an_inactive_space_cannot_be_booked():
    period = Period(wib(2, 10), wib(2, 12))
    assert rejected_rule(lambda: admit(period, space=make_space(active=False))) == "space-inactive"


def test_a_tenant_that_is_not_active_cannot_book_and_is_told_its_standing():
    with pytest.raises(BookingRuleBroken) as rejected:
        admit(Period(wib(2, 10), wib(2, 12)), tenant=make_tenant(Standing.SUSPENDED))
    assert rejected.value.rule == "tenant-not-active"
    assert rejected.value.details == {"tenant_standing": "suspended"}


def test_a_tenant_kind_the_rules_do_not_allow_cannot_book():
    tenant = make_tenant(kind="individual")
    rule = rejected_rule(lambda: admit(Period(wib(2, 10), wib(2, 12)), tenant=tenant))
    assert rule == "tenant-kind-not-allowed"


def test_more_attendees_than_the_space_holds_are_refused():
    period = Period(wib(2, 10), wib(2, 12))
    assert rejected_rule(lambda: admit(period, attendees=5)) == "over-capacity"
    admit(period, attendees=4)


@pytest.mark.parametrize(
    ("start", "end", "rule"),
    [
        (wib(2, 10), wib(2, 10, 30), "duration-too-short"),
        (wib(2, 10), wib(2, 14, 30), "duration-too-long"),
        (wib(2, 10, 15), wib(2, 11, 15), "off-slot-grid"),
        (wib(1, 8), wib(1, 9), "period-in-past"),
        (wib(1, 10, 30), wib(1, 11, 30), "lead-time"),
        (wib(31, 11), wib(31, 12), "too-far-ahead"),
        (wib(2, 21), wib(2, 23), "outside-opening-hours"),
        (wib(2, 7), wib(2, 9), "outside-opening-hours"),
    ],
)
def test_each_rule_refuses_with_its_own_slug(start, end, rule):
    assert rejected_rule(lambda: admit(Period(start, end))) == rule


def test_the_slot_grid_counts_from_jakarta_midnight():
    # 10:30 WIB is 03:30 UTC: on a 30-minute grid either way; a 60-minute grid refuses it.
    hourly = BookingRules(granularity_min=60)
    with pytest.raises(BookingRuleBroken):
        hourly.check(
            Period(wib(2, 10, 30), wib(2, 11, 30)),
            tenant_kind="startup",
            attendees=1,
            capacity=4,
            now=NOW,
        )


def test_a_day_without_opening_hours_is_closed():
    weekdays_only = {d: ["08:00", "22:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    saturday = Period(wib(5, 10), wib(5, 12))
    space = make_space(hours=weekdays_only)
    assert rejected_rule(lambda: admit(saturday, space=space)) == "outside-opening-hours"


def test_a_closure_of_the_space_or_its_site_refuses_the_request():
    space = make_space()
    period = Period(wib(2, 10), wib(2, 12))
    for space_id in (space.id, None):
        closure = Closure.declare(
            site=Site.BITC,
            space_id=space_id,
            starts_at=wib(2, 11),
            ends_at=wib(3, 0),
            reason=ClosureReason.PUBLIC_HOLIDAY,
            now=NOW,
        )
        assert rejected_rule(lambda c=closure: admit(period, space=space, closures=[c])) == (
            "space-closed"
        )


def test_a_closure_of_another_site_or_space_does_not_matter():
    other_space = Closure.declare(
        site=Site.BITC,
        space_id=uuid.uuid4(),
        starts_at=wib(2, 0),
        ends_at=wib(3, 0),
        reason=ClosureReason.MAINTENANCE,
        now=NOW,
    )
    other_site = Closure.declare(
        site=Site.TECHNO_PARK,
        space_id=None,
        starts_at=wib(2, 0),
        ends_at=wib(3, 0),
        reason=ClosureReason.CITY_EVENT,
        now=NOW,
    )
    admit(Period(wib(2, 10), wib(2, 12)), closures=[other_space, other_site])


def test_a_space_override_replaces_only_the_fields_it_sets():
    overridden = RULES.overridden_by({"buffer_before_min": 0, "allowed_kinds": ["company"]})
    assert overridden.buffer_before_min == 0
    assert overridden.allowed_kinds == ("company",)
    assert overridden.max_duration_min == RULES.max_duration_min


# --- approval and quota -------------------------------------------------------------------


def quota_account(quota_hours, used_minutes=0):
    return QuotaAccount(
        tenant_id=uuid.uuid4(),
        space_type=SpaceType.DUBBING_STUDIO,
        month="2026-12",
        used_minutes=used_minutes,
        quota_hours=quota_hours,
    )


def plan(over_quota=OverQuotaPolicy.REJECT, need_approval=False, hours=10):
    return PlanEntitlements(
        plan_code="community",
        quotas=[MonthlyQuota(space_type=SpaceType.DUBBING_STUDIO, hours=hours)],
        bookings_need_approval=need_approval,
        over_quota=over_quota,
    )


def test_the_tenant_kinds_the_rules_name_need_approval():
    decide = booking_policy.needs_approval
    assert decide(rules=RULES, tenant=make_tenant(kind="community"), quota=None, minutes=60)
    assert not decide(rules=RULES, tenant=make_tenant(kind="startup"), quota=None, minutes=60)


def test_a_plan_that_says_so_routes_every_booking_to_approval():
    tenant = make_tenant(entitlements=plan(need_approval=True))
    assert booking_policy.needs_approval(rules=RULES, tenant=tenant, quota=None, minutes=60)


def test_over_quota_is_rejected_with_the_remaining_balance_when_the_plan_says_reject():
    tenant = make_tenant(entitlements=plan())
    with pytest.raises(BookingRuleBroken) as rejected:
        booking_policy.needs_approval(
            rules=RULES, tenant=tenant, quota=quota_account(10, used_minutes=540), minutes=120
        )
    assert rejected.value.rule == "over-quota"
    assert rejected.value.details["remaining_hours"] == 1
    assert rejected.value.details["month"] == "2026-12"


def test_over_quota_goes_to_approval_when_the_plan_says_so():
    tenant = make_tenant(entitlements=plan(OverQuotaPolicy.NEEDS_APPROVAL))
    account = quota_account(10, used_minutes=540)
    assert booking_policy.needs_approval(rules=RULES, tenant=tenant, quota=account, minutes=120)


def test_exactly_the_remaining_hours_may_be_booked_and_exhaustion_is_announced_once():
    account = quota_account(10, used_minutes=480)
    assert account.allows(120)
    account.consume(120, NOW)
    assert account.remaining_minutes == 0
    account.consume(0, NOW)
    assert [e.name for e in account.events] == ["quota.exhausted"]
    account.give_back(60)
    assert account.remaining_minutes == 60


def test_a_type_the_plan_does_not_name_is_not_granted_and_an_unknown_plan_limits_nothing():
    tenant = make_tenant(entitlements=plan())
    assert tenant.quota_hours(SpaceType.MUSIC_ROOM) == 0
    assert tenant.quota_hours(SpaceType.DUBBING_STUDIO) == 10
    assert make_tenant().quota_hours(SpaceType.DUBBING_STUDIO) is None


# --- a booking ------------------------------------------------------------------------------


def book(approval=False):
    space, tenant = make_space(), make_tenant()
    period = Period(wib(2, 19), wib(2, 21))
    return (
        booking_policy.book(
            space=space,
            rules=RULES,
            tenant=tenant,
            period=period,
            attendees=2,
            approval=approval,
            now=NOW,
        ),
        space,
        tenant,
    )


def test_a_valid_booking_is_confirmed_and_records_exactly_one_booking_confirmed():
    booking, space, tenant = book()
    assert booking.status is BookingStatus.CONFIRMED
    (confirmed,) = booking.events
    assert confirmed == BookingConfirmed(
        booking_id=booking.id,
        tenant_id=tenant.tenant_id,
        space_id=space.id,
        space_code="BITC-STUDIO-1",
        space_type=SpaceType.DUBBING_STUDIO,
        site=Site.BITC,
        starts_at=datetime(2026, 12, 2, 12, 0, tzinfo=UTC),
        ends_at=datetime(2026, 12, 2, 14, 0, tzinfo=UTC),
        occurred_at=NOW,
    )
    assert confirmed.model_dump(mode="json")["starts_at"] == "2026-12-02T12:00:00Z"


def test_a_booking_needing_approval_is_requested_and_holds_the_slot():
    booking, _, _ = book(approval=True)
    assert booking.status is BookingStatus.REQUESTED
    assert booking.live
    assert isinstance(booking.events[0], BookingRequested)


def test_the_space_is_held_over_the_period_widened_by_the_buffers():
    booking, _, _ = book()
    assert booking.blocked == (wib(2, 18, 45), wib(2, 21, 10))


def test_two_bookings_get_distinct_ids():
    assert book()[0].id != book()[0].id
