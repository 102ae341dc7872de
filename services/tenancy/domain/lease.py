"""Leases of office units: draft → active (signed) → ended | terminated.

``ends_on`` is the last day of the lease; ending or terminating shortens it to the day the
lease really stopped, so the unit's history of periods never overlaps (the database enforces
that with an exclusion constraint on signed leases).

A lease terminated on notice is over for the books at once but still holds its unit through
its last day: the unit is leased until then, and the lease calendar frees it the day after.
"""

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from contracts.tenancy import (
    LeaseEnded,
    LeaseExpiring,
    LeaseRenewed,
    LeaseSigned,
    LeaseTerminated,
    Site,
)
from services.tenancy.domain.errors import InvalidLeaseTerms, StateConflict
from shared.domain.aggregate import Aggregate

#: Lease dates are days at the sites (Western Indonesian Time), whatever the server's zone.
WIB = ZoneInfo("Asia/Jakarta")

#: Days before the end date at which the tenant is told its lease is running out.
NOTICE_DAYS = (60, 30, 7)


class LeaseState(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ENDED = "ended"
    TERMINATED = "terminated"


def local_day(moment: datetime) -> date:
    return moment.astimezone(WIB).date()


def days_left(ends_on: date, today: date) -> int:
    """Whole days from ``today`` (a WIB day) to the last day ``ends_on``: 1 on the day before."""
    return (ends_on - today).days


def notice_due(ends_on: date, today: date) -> int | None:
    """The notice (60, 30 or 7) that applies today: the tightest threshold reached. A notice is
    named by its threshold, however few days are left when it goes out (after a renewal, or a
    calendar that was down)."""
    left = days_left(ends_on, today)
    if left <= 0:
        return None
    due = [days for days in NOTICE_DAYS if days >= left]
    return min(due) if due else None


def overdue_notices(
    ending: Iterable[tuple[uuid.UUID, date]], sent: set[tuple[uuid.UUID, date, int]], today: date
) -> int:
    """Notices due today for active leases (id, end date) that no instance has sent yet."""
    due = ((lease_id, ends_on, notice_due(ends_on, today)) for lease_id, ends_on in ending)
    return sum(1 for notice in due if notice[2] is not None and notice not in sent)


@dataclass(kw_only=True)
class Lease(Aggregate):
    id: uuid.UUID
    tenant_id: uuid.UUID
    unit_id: uuid.UUID
    site: Site
    starts_on: date
    ends_on: date
    monthly_rent_idr: int
    deposit_idr: int
    state: LeaseState
    created_at: datetime
    signed_at: datetime | None = None
    notice_given_on: date | None = None

    @classmethod
    def draft(
        cls,
        *,
        tenant_id: uuid.UUID,
        unit_id: uuid.UUID,
        site: Site,
        starts_on: date,
        ends_on: date,
        monthly_rent_idr: int,
        deposit_idr: int,
        now: datetime,
    ) -> "Lease":
        if ends_on <= starts_on:
            raise InvalidLeaseTerms("a lease must end after it starts")
        if monthly_rent_idr < 0 or deposit_idr < 0:
            raise InvalidLeaseTerms("rent and deposit cannot be negative")
        return cls(
            id=uuid.uuid4(),
            tenant_id=tenant_id,
            unit_id=unit_id,
            site=site,
            starts_on=starts_on,
            ends_on=ends_on,
            monthly_rent_idr=monthly_rent_idr,
            deposit_idr=deposit_idr,
            state=LeaseState.DRAFT,
            created_at=now,
        )

    def sign(self, now: datetime) -> None:
        self._require(LeaseState.DRAFT, "sign")
        self.state, self.signed_at = LeaseState.ACTIVE, now
        self.record(
            LeaseSigned(
                **self._ids(now),
                starts_on=self.starts_on,
                ends_on=self.ends_on,
                monthly_rent_idr=self.monthly_rent_idr,
                deposit_idr=self.deposit_idr,
            )
        )

    def renew(self, ends_on: date, monthly_rent_idr: int | None, now: datetime) -> None:
        self._require(LeaseState.ACTIVE, "renew")
        if ends_on <= self.ends_on:
            raise InvalidLeaseTerms(f"a renewal must extend the lease beyond {self.ends_on}")
        previous, self.ends_on = self.ends_on, ends_on
        if monthly_rent_idr is not None:
            self.monthly_rent_idr = monthly_rent_idr
        self.record(
            LeaseRenewed(
                **self._ids(now),
                previous_ends_on=previous,
                ends_on=ends_on,
                monthly_rent_idr=self.monthly_rent_idr,
            )
        )

    def terminate(self, notice_given_on: date, ends_on: date, now: datetime) -> None:
        self._require(LeaseState.ACTIVE, "terminate")
        if not (notice_given_on <= ends_on <= self.ends_on) or ends_on < self.starts_on:
            raise InvalidLeaseTerms(
                f"the termination date must fall between the notice date and {self.ends_on}"
            )
        self.state, self.ends_on, self.notice_given_on = (
            LeaseState.TERMINATED,
            ends_on,
            notice_given_on,
        )
        self.record(
            LeaseTerminated(**self._ids(now), notice_given_on=notice_given_on, ends_on=ends_on)
        )

    def end(self, on: date, now: datetime) -> None:
        """Ends the lease on its end date, or early (the tenant was offboarded)."""
        self._require(LeaseState.ACTIVE, "end")
        self.state, self.ends_on = LeaseState.ENDED, max(min(on, self.ends_on), self.starts_on)
        self.record(LeaseEnded(**self._ids(now), ended_on=self.ends_on))

    def holds_unit_on(self, day: date) -> bool:
        """Whether the lease keeps its unit leased on ``day`` (a WIB day)."""
        if self.state is LeaseState.TERMINATED:
            return day <= self.ends_on
        return self.state is LeaseState.ACTIVE

    def announce_expiry(self, today: date, now: datetime) -> None:
        """The expiry notice produced on ``today`` (a WIB day), telling the days really left."""
        self.record(
            LeaseExpiring(
                **self._ids(now), ends_on=self.ends_on, days_left=days_left(self.ends_on, today)
            )
        )

    def _require(self, state: LeaseState, action: str) -> None:
        if self.state is not state:
            raise StateConflict("lease", action, self.state)

    def _ids(self, now: datetime) -> dict[str, object]:
        return {
            "tenant_id": self.tenant_id,
            "lease_id": self.id,
            "unit_id": self.unit_id,
            "site": self.site,
            "occurred_at": now,
        }
