"""A rolling restart under load loses nothing: while bookings keep arriving over HTTP, booking
and then notifications are restarted with SIGTERM, as Kubernetes does in a rolling update.
Every committed booking ends with exactly one notification, no event waits in an outbox, and
each process shut down gracefully (its lifespan finished, it was not killed)."""

import asyncio
import uuid

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from bitc.fault_drill.load import new_space, slots
from tests.e2e.api_steps import book_when_booking_knows_tenant, every_item, register
from tests.polling import eventually

pytestmark = pytest.mark.e2e


class BookingStream:
    """Books one fresh slot after another; each request carries an idempotency key and is
    repeated while the service is away, so every booking asked for is committed exactly once."""

    def __init__(self, booking: httpx.AsyncClient, tenant_id: str, space: str) -> None:
        self._booking, self._tenant_id, self._space = booking, tenant_id, space
        # A space of its own: how many slots the stream takes depends on how long restarts
        # last, and the slots other tests share are too few for that.
        self.slots = slots()
        self.booked: list[str] = []
        self.refused_while_away = 0
        self.stop = asyncio.Event()

    async def run(self) -> None:
        while not self.stop.is_set():
            starts_at, ends_at = next(self.slots)
            body = {
                "space_id": self._space,
                "tenant_id": self._tenant_id,
                "starts_at": starts_at,
                "ends_at": ends_at,
            }
            self.booked.append(await self._book(body, str(uuid.uuid4())))

    async def _book(self, body: dict, key: str) -> str:
        while True:
            try:
                response = await self._booking.post(
                    "/bookings", json=body, headers={"Idempotency-Key": key}
                )
            except httpx.TransportError:  # refused or cut while it restarts: ask again
                self.refused_while_away += 1
                await asyncio.sleep(0.05)
                continue
            if response.status_code == 503:  # up, not yet ready
                await asyncio.sleep(0.05)
                continue
            assert response.status_code == 201, response.text
            return response.json()["id"]

    async def until_booked(self, count: int) -> None:
        async def booked() -> int:
            return len(self.booked)

        await eventually(
            booked,
            until=lambda n: n >= count,
            timeout=60,
            what=f"{count} bookings",
        )


async def test_restarting_booking_then_notifications_under_load_loses_nothing(api, infra, stack):
    tenancy, booking, notifications = api
    tenant_id = await register(tenancy, activate=True)
    space = await new_space(booking, "rolling-restart")
    stream = BookingStream(booking, tenant_id, space)
    starts_at, ends_at = next(stream.slots)
    first = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at}
    first_booking = await book_when_booking_knows_tenant(booking, first | {"ends_at": ends_at})
    assert first_booking.status_code == 201, first_booking.text
    stopped_before = {name: _graceful_stops(stack, name) for name in ("booking", "notifications")}

    load = asyncio.create_task(stream.run())
    try:
        for name in ("booking", "notifications"):
            await stream.until_booked(len(stream.booked) + 3)
            await _restart_with_sigterm(stack, name)
        await stream.until_booked(len(stream.booked) + 3)
    finally:
        stream.stop.set()
        await load
    booked = {first_booking.json()["id"], *stream.booked}

    assert stream.refused_while_away > 0, "no request arrived while booking was away"
    for name in ("booking", "notifications"):
        assert _graceful_stops(stack, name) == stopped_before[name] + 1, f"{name} was killed"
    # Paged through: the load books a few hundred, more than one page, on a quick machine.
    listed = await every_item(booking, "/bookings", {"tenant_id": tenant_id})
    assert {b["id"] for b in listed} == booked

    async def confirmations() -> list[str]:
        items = await every_item(notifications, "/notifications", {"tenant_id": tenant_id})
        return [n["details"]["booking_id"] for n in items if n["category"] == "booking_confirmed"]

    notified = await eventually(
        confirmations,
        until=lambda ids: set(ids) == booked,
        timeout=60,
        what="every booking heard of",
    )
    assert sorted(notified) == sorted(booked), "a booking was notified more than once"
    assert (
        await eventually(
            lambda: _unpublished(infra.admin_dsn), until=lambda n: n == 0, what="outboxes drained"
        )
        == 0
    )
    for client in (booking, notifications):  # healthy for the tests that follow
        assert (await client.get("/health/ready")).status_code == 200


async def _restart_with_sigterm(stack, name: str) -> None:
    env = stack.table.get(name).env
    # Off the event loop: stop_service blocks until the process is gone, and the load must go on.
    await asyncio.to_thread(stack.stop_service, name)
    await stack.start_service(name, env)


def _graceful_stops(stack, name: str) -> int:
    log = stack.log_path(name)
    return log.read_text().count('"service stopped"') if log.exists() else 0


async def _unpublished(admin_dsn: str) -> int:
    dsn = make_url(admin_dsn).set(drivername="postgresql").render_as_string(False)
    conn = await asyncpg.connect(dsn)
    try:
        pending = "published_at IS NULL AND parked_at IS NULL"
        return await conn.fetchval(
            f"SELECT (SELECT count(*) FROM booking.outbox WHERE {pending})"
            f" + (SELECT count(*) FROM notifications.outbox WHERE {pending})"
        )
    finally:
        await conn.close()
