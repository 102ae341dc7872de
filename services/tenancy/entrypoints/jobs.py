"""Every periodic job of tenancy (docs/architecture.md, "The frame"); the work each round does
is a use case in service_layer."""

import functools
import uuid

from services.tenancy.adapters.tenancy_metrics import TenancyMetrics
from services.tenancy.service_layer.gauges import refresh_gauges
from services.tenancy.service_layer.lease_calendar import run_lease_calendar
from services.tenancy.settings import Settings
from shared.runtime.periodic_jobs import PeriodicJob


def jobs(settings: Settings, metrics: TenancyMetrics) -> list[PeriodicJob]:
    return [
        lease_calendar_job(settings.lease_calendar_interval_s),
        gauges_job(metrics, settings.gauges_refresh_interval_s),
    ]


def lease_calendar_job(interval_s: float) -> PeriodicJob:
    """Expiry notices and lease ends; one instance at a time, under one name."""
    return PeriodicJob("tenancy-lease-calendar", interval_s, run_lease_calendar)


def gauges_job(metrics: TenancyMetrics, interval_s: float) -> PeriodicJob:
    """Every instance runs it: the name is unique to this process, so the job lock never
    leaves one instance's gauges stale."""
    refresh = functools.partial(refresh_gauges, metrics)
    return PeriodicJob(f"tenancy-gauges-{uuid.uuid4().hex}", interval_s, refresh)
