"""The daily lease calendar: expiry notices at 60, 30 and 7 days left, and leases ended (their
units freed) the day after their last day, whether they ran their term or were terminated on
notice: the tenant still holds the office on its last day, as the lease register says.
Runs as a periodic job (entrypoints/jobs.py); dates are Asia/Jakarta days.

Each notice is claimed by a unique row (lease, end date, threshold) written in the same
transaction as its outbox event, so it is sent exactly once across restarts and instances —
and a renewal (a new end date) re-arms the notices. The notice tells the days really left,
which is fewer than its threshold when the threshold was already passed (a renewal to a date
25 days away gets the 30-day notice saying 25).

Ending a lease frees its unit for the next tenant, so it is audited like staff's terminating
one, under the calendar's own name: who ended a lease is the first question when a unit shows
vacant, and no person did.
"""

from datetime import datetime, timedelta

from services.tenancy.adapters import lease_calendar_queries
from services.tenancy.domain.lease import NOTICE_DAYS, local_day, notice_due, overdue_notices
from services.tenancy.service_layer.leases import end_lease, free_unit, lease_terms
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork

#: The audit log's actor for what the calendar does on its own.
CALENDAR_ACTOR = "system:lease-calendar"


async def run_lease_calendar(uow: TenancyUnitOfWork, now: datetime) -> None:
    """One round in an entered unit of work; the job runner commits."""
    today = local_day(now)
    for lease in await uow.leases.active_ending_by(today - timedelta(days=1), for_update=True):
        await end_lease(uow, lease, now, on=lease.ends_on)
        uow.audit.record(
            CALENDAR_ACTOR, "lease.end", lease.id, reason="end_date_reached", **lease_terms(lease)
        )
    for unit_id in await uow.units.leased_without_lease_on(today):
        await free_unit(uow, unit_id, now)
    horizon = today + timedelta(days=max(NOTICE_DAYS))
    for lease in await uow.leases.active_ending_by(horizon, for_update=True):
        threshold = notice_due(lease.ends_on, today)
        if threshold is not None and await uow.leases.claim_notice(lease, threshold, now):
            lease.announce_expiry(today, now)


async def count_overdue_notices(uow: TenancyUnitOfWork, now: datetime) -> int:
    """Notices the calendar owes as of ``now`` and has not issued (0 while it keeps up)."""
    today = local_day(now)
    horizon = today + timedelta(days=max(NOTICE_DAYS))
    ending = await lease_calendar_queries.active_leases_ending_by(uow.connection, horizon)
    sent = await lease_calendar_queries.notices_sent_for_active_leases(uow.connection, horizon)
    return overdue_notices(ending, sent, today)
