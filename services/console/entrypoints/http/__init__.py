"""Every route of the console, one module per area (docs/console.md lists the pages). An area
adds its module's ``router`` (made with pages.page_router(), so its forms are CSRF-checked)."""

from fastapi import APIRouter

from services.console.entrypoints.http import (
    booking_form,
    catalogue,
    language,
    my_account,
    my_bookings,
    series,
    sign_in,
)

ROUTERS: tuple[APIRouter, ...] = (
    catalogue.router,
    sign_in.router,
    language.router,
    booking_form.router,
    series.router,
    my_bookings.router,
    my_account.router,
)
