"""The console's live pages against the running platform (GET /live, server-sent events): a
tenant's user hears of its own tenant's bookings and never of another tenant's, staff hear of
all, a signed-out visitor gets no stream, and two console processes both hear of one event
(each reads with a consumer group of its own)."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from bitc.devstack import services
from bitc.devstack.ports import free_ports
from bitc.devstack.processes import terminate
from tests.e2e.api_steps import book_when_booking_knows_tenant, fresh_slot, register, space_id
from tests.e2e.test_console_frame import sign_in_as
from tests.polling import within

#: How long an event may take from the booking API to an open stream.
DELIVERY_S = 30


class LiveStream:
    """Reads GET /live as a browser's EventSource does: ``event:`` and ``data:`` lines, an
    empty line ending each event."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.aiter_lines()

    async def next_event(self) -> tuple[str, str]:
        kind, data = "message", []
        async for line in self._lines:
            if not line:
                if data or kind != "message":
                    return kind, "\n".join(data)
                continue
            field, _, value = line.partition(":")
            if field == "event":
                kind = value.strip()
            elif field == "data":
                data.append(value.removeprefix(" "))
        raise AssertionError("the stream ended")

    async def changes_until(self, aggregate_id: str) -> list[dict]:
        """Every change heard until the one about ``aggregate_id``, that one included."""
        heard: list[dict] = []

        async def read() -> list[dict]:
            while True:
                kind, data = await self.next_event()
                if kind == "message":
                    heard.append(json.loads(data))
                    if heard[-1]["aggregate_id"] == aggregate_id:
                        return heard

        return await within(DELIVERY_S, read())


@contextlib.asynccontextmanager
async def live_stream(console: httpx.AsyncClient) -> AsyncIterator[LiveStream]:
    async with console.stream("GET", "/live", timeout=httpx.Timeout(15, read=60)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = LiveStream(response)
        kind, _ = await within(DELIVERY_S, stream.next_event())
        assert kind == "ready"
        yield stream


@contextlib.asynccontextmanager
async def console_at(url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=url, timeout=15) as client:
        yield client


async def book(booking: httpx.AsyncClient, tenant_id: str, space: str) -> str:
    starts_at, ends_at = fresh_slot()
    body = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at, "ends_at": ends_at}
    answer = await book_when_booking_knows_tenant(booking, body)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


@pytest.fixture
async def two_tenants(api) -> tuple[str, str]:
    tenancy, _, _ = api
    return await register(tenancy, activate=True), await register(tenancy, activate=True)


async def test_a_tenants_user_hears_of_its_own_bookings_and_never_of_another_tenants(
    platform, api, two_tenants
):
    _, booking, _ = api
    ours, theirs = two_tenants
    room = await space_id(booking)
    url = platform.service_urls["console"]
    async with console_at(url) as member, console_at(url) as manager:
        await sign_in_as(member, "tenant_member", ours)
        await sign_in_as(manager, "manager")
        async with live_stream(member) as member_hears, live_stream(manager) as staff_hears:
            # Staff hear of the other tenant's booking first, so the member's stream has been
            # offered it before our own booking even exists.
            their_booking = await book(booking, theirs, room)
            assert (await staff_hears.changes_until(their_booking))[-1]["tenant_id"] == theirs
            our_booking = await book(booking, ours, room)

            heard = await member_hears.changes_until(our_booking)

    assert heard[-1] == {
        "type": "booking.confirmed",
        "aggregate_id": our_booking,
        "tenant_id": ours,
    }
    assert all(change["tenant_id"] in (ours, None) for change in heard)
    assert their_booking not in {change["aggregate_id"] for change in heard}


async def test_a_signed_out_visitor_gets_no_stream(platform):
    async with console_at(platform.service_urls["console"]) as visitor:
        answer = await visitor.get("/live")

    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/sign-in")


async def test_two_console_processes_both_hear_of_one_booking(stack, platform, api, two_tenants):
    _, booking, _ = api
    ours, _ = two_tenants
    first = stack.table.get("console")
    (port,) = free_ports(1)
    second = services.launch_service(
        "console",
        port,
        first.env | {"HTTP_PORT": str(port)},
        stack.repo_root,
        stack.log_path("console-second"),
    )
    try:
        await services.wait_until_ready(second, 60)
        async with console_at(str(first.url)) as one, console_at(str(second.url)) as other:
            await sign_in_as(one, "manager")
            await sign_in_as(other, "manager")
            async with live_stream(one) as first_hears, live_stream(other) as second_hears:
                made = await book(booking, ours, await space_id(booking))

                heard = await asyncio.gather(
                    first_hears.changes_until(made), second_hears.changes_until(made)
                )
    finally:
        terminate(second)

    assert [changes[-1]["type"] for changes in heard] == ["booking.confirmed"] * 2
