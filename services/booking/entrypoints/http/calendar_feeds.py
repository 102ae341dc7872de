"""The calendar feeds (iCalendar) of a tenant and of a space, and their signed links, which
calendar apps subscribe to without a token (docs/security.md, "Calendar feed links")."""

import uuid
from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from services.booking.domain.booking import Booking
from services.booking.entrypoints.http.calendar_feed_access import (
    FeedAccess,
    feed_access,
    feed_keys,
    space_feed_access,
)
from services.booking.entrypoints.http.calendar_feed_keys import space_feed, tenant_feed
from services.booking.entrypoints.http.calendar_feed_schemas import FeedLinkOut
from services.booking.entrypoints.http.dependencies import ANYONE, Reader, UoW
from services.booking.service_layer import catalogue, tenant_overview
from shared.auth.access import ensure_visible
from shared.http.problem_docs import problems
from shared.http.problems import Problem

router = APIRouter(tags=["calendars"])
Access = Annotated[FeedAccess, Depends(feed_access)]
_NO_LINKS = "Calendar links are not enabled here (CALENDAR_FEED_SECRET is not set)"


def _calendar(name: str, bookings: Iterable[Booking]) -> Response:
    # Imported with the first feed asked for: icalendar is 3 MB of a booking process, and most
    # processes never serve a feed (docs/performance.md, "What it says").
    from services.booking.entrypoints.http import calendar_rendering

    return Response(
        calendar_rendering.render(name, bookings), media_type=calendar_rendering.MEDIA_TYPE
    )


def _link(request: Request, route: str, feed: str, **path: str) -> FeedLinkOut:
    keys = feed_keys(request)
    if keys is None:
        raise Problem(503, "calendar-links-disabled", _NO_LINKS)
    url = request.url_for(route, **path).include_query_params(key=keys.key(feed))
    return FeedLinkOut(url=str(url))


@router.get(
    "/tenants/{tenant_id}/calendar.ics",
    summary="The tenant's bookings (iCalendar); with `key`, no token is needed",
    responses=problems({404: "No such tenant, or a key that does not open this feed"}),
)
async def tenant_calendar(tenant_id: uuid.UUID, uow: UoW, access: Access) -> Response:
    access.ensure_reads(tenant_feed(tenant_id), tenant_id)
    found = await tenant_overview.calendar_of_tenant(uow, tenant_id)
    return _calendar(f"BITC bookings {tenant_id}", found)


@router.get(
    "/tenants/{tenant_id}/calendar-link",
    summary="A link to the tenant's feed that calendar apps can subscribe to",
    responses=problems({404: "No such tenant", 503: _NO_LINKS}),
)
async def tenant_calendar_link(
    tenant_id: uuid.UUID, request: Request, uow: UoW, caller: Reader
) -> FeedLinkOut:
    ensure_visible(caller, tenant_id, "tenant")
    await tenant_overview.tenant_record(uow, tenant_id)
    return _link(request, "tenant_calendar", tenant_feed(tenant_id), tenant_id=str(tenant_id))


@router.get(
    "/spaces/{space_id}/calendar.ics",
    tags=["spaces"],
    summary="A space's bookings (no tenant names); with `key`, no token is needed",
    dependencies=[Depends(space_feed_access)],
    responses=problems({404: "No such space, or a key that does not open this feed"}),
)
async def space_calendar(space_id: uuid.UUID, uow: UoW) -> Response:
    name, found = await tenant_overview.calendar_of_space(uow, space_id)
    return _calendar(name, found)


@router.get(
    "/spaces/{space_id}/calendar-link",
    tags=["spaces"],
    summary="A link to the space's feed that calendar apps can subscribe to",
    dependencies=ANYONE,
    responses=problems({404: "No such space", 503: _NO_LINKS}),
)
async def space_calendar_link(space_id: uuid.UUID, request: Request, uow: UoW) -> FeedLinkOut:
    await catalogue.get_space(uow, space_id)
    return _link(request, "space_calendar", space_feed(space_id), space_id=str(space_id))
