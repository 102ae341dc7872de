"""Keeps the tenancy gauges current: a periodic job, since Prometheus scrapes synchronously and
the figures come from the database."""

import uuid
from datetime import datetime

from services.tenancy.adapters.tenancy_gauges import TenancyGauges
from services.tenancy.service_layer.lease_calendar import count_overdue_notices
from services.tenancy.service_layer.occupancy import read_occupancy
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork
from shared.runtime.periodic_jobs import PeriodicJob


def tenancy_gauges_job(gauges: TenancyGauges, interval_s: float) -> PeriodicJob:
    """Every instance runs it: the name is unique to this process, so the job lock never
    leaves one instance's gauges stale."""

    async def refresh(uow: TenancyUnitOfWork, now: datetime) -> None:
        gauges.show_occupancy(*await read_occupancy(uow, now))
        gauges.show_overdue_notices(await count_overdue_notices(uow, now))

    return PeriodicJob(f"tenancy-gauges-{uuid.uuid4().hex}", interval_s, refresh)
