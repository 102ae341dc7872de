"""Staff deciding requested bookings through booking's API: each booking on its own, all at
once, so one that another manager handled meanwhile (409) does not stop the rest."""

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.console.adapters.service_api import ApiProblem, ServiceApi
from services.console.domain.approvals import Decision, QueueItem, described, queue_of
from services.console.domain.problem_sentences import sentence_for
from services.console.service_layer.keyset_pages import all_pages
from services.console.service_layer.tenant_names import tenant_names


@dataclass(frozen=True)
class Decided:
    booking_id: str
    #: The booking as booking answered it (after the decision, or as it is when refused).
    booking: Mapping[str, Any] | None
    problem: ApiProblem | None


async def decide(booking: ServiceApi, decision: Decision) -> list[Decided]:
    async def one(booking_id: str) -> Decided:
        path = f"/bookings/{booking_id}/{decision.verb}"
        body = {"reason": decision.reason} if decision.reason else None
        try:
            return Decided(booking_id, await booking.post(path, json=body), None)
        except ApiProblem as problem:
            if problem.status >= 500:
                raise
            try:
                current = await booking.get(f"/bookings/{booking_id}")
            except ApiProblem:
                current = None
            return Decided(booking_id, current, problem)

    return list(await asyncio.gather(*(one(booking_id) for booking_id in decision.booking_ids)))


async def pending_queue(booking: ServiceApi, tenancy: ServiceApi) -> list[QueueItem]:
    requested = await all_pages(booking, "/bookings", {"status": "requested", "limit": 200})
    if not requested:
        return []
    space_names, names = await _names(booking, tenancy, requested)
    return queue_of(requested, space_names, names)


async def described_bookings(
    booking: ServiceApi, tenancy: ServiceApi, bookings: list[Mapping[str, Any]]
) -> list[QueueItem]:
    """``bookings`` with their tenant's and space's names, in start order."""
    if not bookings:
        return []
    space_names, names = await _names(booking, tenancy, bookings)
    return sorted(described(bookings, space_names, names), key=lambda item: item.starts_at)


async def _names(
    booking: ServiceApi, tenancy: ServiceApi, bookings: list[Mapping[str, Any]]
) -> tuple[dict[str, str], dict[str, str]]:
    spaces = await booking.get("/spaces")
    names = await tenant_names(tenancy, (b["tenant_id"] for b in bookings))
    return {space["id"]: space["name"] for space in spaces}, names


def sentence_of(problem: ApiProblem) -> str:
    return sentence_for(problem.status, problem.code)
