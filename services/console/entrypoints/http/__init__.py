"""Every route of the console, one module per area (docs/console.md lists the pages). An area
adds its module's ``router`` (made with pages.page_router(), so its forms are CSRF-checked)."""

from fastapi import APIRouter

from services.console.entrypoints.http import catalogue, language, sign_in, tenants, units_leases

ROUTERS: tuple[APIRouter, ...] = (
    catalogue.router,
    sign_in.router,
    language.router,
    tenants.router,
    units_leases.router,
)
