"""Keeps the tenancy gauges current: run as a periodic job (entrypoints/jobs.py), since
Prometheus scrapes synchronously and the figures come from the database."""

from datetime import datetime

from services.tenancy.adapters.tenancy_metrics import TenancyMetrics
from services.tenancy.service_layer.lease_calendar import count_overdue_notices
from services.tenancy.service_layer.occupancy import read_occupancy
from services.tenancy.service_layer.unit_of_work import TenancyUnitOfWork


async def refresh_gauges(metrics: TenancyMetrics, uow: TenancyUnitOfWork, now: datetime) -> None:
    """One refresh in an entered unit of work: occupancy and overdue lease notices."""
    metrics.show_occupancy(*await read_occupancy(uow, now))
    metrics.show_overdue_notices(await count_overdue_notices(uow, now))
