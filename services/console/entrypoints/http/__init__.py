"""Every route of the console, one module per area (docs/console.md lists the pages). An area
adds its module's ``router`` (made with pages.page_router(), so its forms are CSRF-checked)."""

from fastapi import APIRouter

from services.console.entrypoints.http import (
    approvals,
    audit,
    board,
    booking_form,
    catalogue,
    closures,
    language,
    live,
    my_account,
    my_bookings,
    notifications_log,
    report_downloads,
    reports,
    series,
    sign_in,
    sso_sign_in,
    tenants,
    units_leases,
)

ROUTERS: tuple[APIRouter, ...] = (
    catalogue.router,
    sign_in.router,
    sso_sign_in.router,
    language.router,
    booking_form.router,
    series.router,
    my_bookings.router,
    my_account.router,
    tenants.router,
    units_leases.router,
    board.router,
    approvals.router,
    closures.router,
    notifications_log.router,
    reports.router,
    report_downloads.router,
    audit.router,
    live.router,
)
