"""Lease rules: the lifecycle draft → active → ended | terminated, renewals, and which expiry
notice (60, 30, 7 days left) is due on a given day."""

import uuid
from datetime import UTC, date, datetime

import pytest

from contracts.tenancy import (
    LeaseEnded,
    LeaseExpiring,
    LeaseRenewed,
    LeaseSigned,
    LeaseTerminated,
    Site,
)
from services.tenancy.domain.errors import InvalidLeaseTerms, StateConflict
from services.tenancy.domain.lease import Lease, LeaseState, notice_due, overdue_notices

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def lease():
    return Lease.draft(
        tenant_id=uuid.uuid4(),
        unit_id=uuid.uuid4(),
        site=Site.BITC,
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 3, 31),
        monthly_rent_idr=4_500_000,
        deposit_idr=9_000_000,
        now=NOW,
    )


def test_a_draft_records_nothing_until_signed(lease):
    assert lease.state is LeaseState.DRAFT
    assert lease.events == []


def test_signing_activates_and_publishes_the_terms(lease):
    lease.sign(NOW)
    assert lease.state is LeaseState.ACTIVE
    (signed,) = lease.events
    assert isinstance(signed, LeaseSigned)
    assert (signed.starts_on, signed.ends_on, signed.monthly_rent_idr, signed.deposit_idr) == (
        date(2026, 4, 1),
        date(2027, 3, 31),
        4_500_000,
        9_000_000,
    )
    assert signed.aggregate_id == str(lease.tenant_id)


def test_renewing_extends_the_end_date_and_may_change_the_rent(lease):
    lease.sign(NOW)
    lease.renew(date(2028, 3, 31), 5_000_000, NOW)
    renewed = lease.events[-1]
    assert isinstance(renewed, LeaseRenewed)
    assert (renewed.previous_ends_on, renewed.ends_on, renewed.monthly_rent_idr) == (
        date(2027, 3, 31),
        date(2028, 3, 31),
        5_000_000,
    )


def test_a_renewal_must_extend_the_lease(lease):
    lease.sign(NOW)
    with pytest.raises(InvalidLeaseTerms):
        lease.renew(date(2027, 3, 31), None, NOW)


def test_terminating_on_notice_shortens_the_lease(lease):
    lease.sign(NOW)
    lease.terminate(date(2026, 9, 1), date(2026, 9, 30), NOW)
    assert (lease.state, lease.ends_on, lease.notice_given_on) == (
        LeaseState.TERMINATED,
        date(2026, 9, 30),
        date(2026, 9, 1),
    )
    assert isinstance(lease.events[-1], LeaseTerminated)


def test_termination_cannot_end_before_the_notice_or_after_the_lease(lease):
    lease.sign(NOW)
    with pytest.raises(InvalidLeaseTerms):
        lease.terminate(date(2026, 9, 1), date(2026, 8, 31), NOW)
    with pytest.raises(InvalidLeaseTerms):
        lease.terminate(date(2026, 9, 1), date(2027, 4, 30), NOW)


def test_ending_early_keeps_the_day_it_ended(lease):
    lease.sign(NOW)
    lease.end(date(2026, 6, 15), NOW)
    assert (lease.state, lease.ends_on) == (LeaseState.ENDED, date(2026, 6, 15))
    assert lease.events[-1] == LeaseEnded(
        tenant_id=lease.tenant_id,
        lease_id=lease.id,
        unit_id=lease.unit_id,
        site=Site.BITC,
        occurred_at=NOW,
        ended_on=date(2026, 6, 15),
    )


@pytest.mark.parametrize("action", ["renew", "terminate", "end"])
def test_only_an_active_lease_can_change(lease, action):
    calls = {
        "renew": lambda: lease.renew(date(2028, 1, 1), None, NOW),
        "terminate": lambda: lease.terminate(date(2026, 5, 1), date(2026, 5, 31), NOW),
        "end": lambda: lease.end(date(2026, 5, 1), NOW),
    }
    with pytest.raises(StateConflict, match="draft"):
        calls[action]()


def test_signing_twice_is_refused(lease):
    lease.sign(NOW)
    with pytest.raises(StateConflict, match="active"):
        lease.sign(NOW)


def test_a_lease_must_end_after_it_starts():
    with pytest.raises(InvalidLeaseTerms):
        Lease.draft(
            tenant_id=uuid.uuid4(),
            unit_id=uuid.uuid4(),
            site=Site.BITC,
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 4, 1),
            monthly_rent_idr=1,
            deposit_idr=0,
            now=NOW,
        )


@pytest.mark.parametrize(
    ("days_left", "due"),
    [
        (90, None),
        (61, None),
        (60, 60),
        (45, 60),
        (31, 60),
        (30, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, None),
        (-3, None),
    ],
)
def test_the_notice_due_is_the_tightest_threshold_reached(days_left, due):
    ends_on = date(2026, 12, 31)
    today = date.fromordinal(ends_on.toordinal() - days_left)
    assert notice_due(ends_on, today) == due


def test_an_expiry_notice_on_its_threshold_day_tells_that_many_days(lease):
    lease.sign(NOW)
    lease.announce_expiry(date(2027, 3, 1), NOW)
    notice = lease.events[-1]
    assert isinstance(notice, LeaseExpiring)
    assert (notice.days_left, notice.ends_on) == (30, date(2027, 3, 31))


def test_a_renewal_past_a_threshold_gets_that_notice_telling_the_days_really_left():
    """Renewed on 2026-12-07 to 2027-01-01: the 30-day notice is due, 25 days are left."""
    lease = Lease.draft(
        tenant_id=uuid.uuid4(),
        unit_id=uuid.uuid4(),
        site=Site.BITC,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 10),
        monthly_rent_idr=4_500_000,
        deposit_idr=0,
        now=NOW,
    )
    lease.sign(NOW)
    today = date(2026, 12, 7)
    lease.renew(date(2027, 1, 1), None, NOW)
    assert notice_due(lease.ends_on, today) == 30
    lease.announce_expiry(today, NOW)
    assert lease.events[-1].days_left == 25


def test_a_lease_ending_in_six_days_is_told_six_not_seven(lease):
    lease.sign(NOW)
    today = date(2027, 3, 25)
    assert notice_due(lease.ends_on, today) == 7
    lease.announce_expiry(today, NOW)
    assert lease.events[-1].days_left == 6


def test_a_due_notice_not_yet_sent_is_overdue_and_a_sent_or_not_yet_due_one_is_not():
    today = date(2026, 6, 1)
    due, sent_already, far = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ending = [
        (due, date(2026, 6, 20)),  # 19 days left: the 30-day notice is due
        (sent_already, date(2026, 6, 5)),  # 4 days left: the 7-day notice, already sent
        (far, date(2026, 9, 1)),  # 92 days left: nothing due yet
    ]
    sent = {(sent_already, date(2026, 6, 5), 7)}
    assert overdue_notices(ending, sent, today) == 1


def test_a_lease_terminated_on_notice_holds_its_unit_through_its_last_day(lease):
    lease.sign(NOW)
    assert lease.holds_unit_on(date(2026, 12, 7))
    lease.terminate(notice_given_on=date(2026, 12, 7), ends_on=date(2026, 12, 17), now=NOW)
    assert lease.holds_unit_on(date(2026, 12, 7))
    assert lease.holds_unit_on(date(2026, 12, 17))
    assert not lease.holds_unit_on(date(2026, 12, 18))


def test_a_draft_or_ended_lease_holds_no_unit(lease):
    assert not lease.holds_unit_on(date(2026, 12, 7))
    lease.sign(NOW)
    lease.end(date(2026, 12, 7), NOW)
    assert not lease.holds_unit_on(date(2026, 12, 7))
