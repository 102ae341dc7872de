"""Every HTTP route of booking, in the order its OpenAPI document shows them."""

from fastapi import APIRouter

from services.booking.entrypoints.http import (
    bookings,
    calendar_feeds,
    closures,
    exports,
    reports,
    rules,
    series,
    spaces,
    tenant_overview,
    waitlist,
)
from shared.audit.api import audit_router

ROUTERS: tuple[APIRouter, ...] = (
    spaces.router,
    rules.router,
    closures.router,
    bookings.router,
    series.router,
    waitlist.router,
    tenant_overview.router,
    calendar_feeds.router,
    reports.router,
    exports.router,
    audit_router(),
)
