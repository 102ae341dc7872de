"""Issue #16: a rolling restart of notifications loses no e-mail and sends none twice. On the
fault drills' platform (real Kafka, PostgreSQL and services as processes), with bookings arriving
steadily and notifications e-mailing each through a slow SMTP relay, two notifications instances
are restarted with SIGTERM one after the other, as a rolling update does, each while a
sending round holds more e-mail than the shutdown's grace can send. Every booking's
e-mail arrives at the relay exactly once (counted by Message-ID) and none is left as an unknown
outcome: a round stopped by the shutdown finishes the message in the relay's hands and gives
back the rest at once (services/notifications/service_layer/sending.py).

`pytest -s` prints the drill table (docs/operations.md, "Stop and restart")."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.engine import make_url

from bitc.devstack.ports import HOST, free_ports
from bitc.fault_drill import Drill
from bitc.fault_drill.load import new_space, slots
from shared.auth.access import Role
from tests.e2e.api_steps import book_when_booking_knows_tenant, register
from tests.faults.platform_mail import restart_notifications_mailing
from tests.faults.rolling_restart_parts import (
    PHASES,
    BookingTrickle,
    NotificationsInstances,
    SlowRelay,
    drill_table,
    phase_of,
)
from tests.polling import eventually

#: The drill and the wait for the last e-mail: several minutes on a busy machine.
pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]

#: 0.25 s per message: a round of the default 50 takes longer than the jobs' 5 s of grace.
RELAY_DELAY_S = 0.25
#: A SIGTERM is sent only while a round holds this many e-mails: more than the 5 s of grace can
#: send, so the instance in the round must give some back.
CLAIMED_AT_SIGTERM = 30
#: Bookings made at once before the restarts: two and a half rounds of e-mail waiting.
BURST = 80
#: Then bookings keep coming, so mail is owed throughout the restarts.
BOOKING_PAUSE_S = 0.3


@pytest.fixture
def relay() -> Iterator[tuple[SlowRelay, int]]:
    handler, [port] = SlowRelay(RELAY_DELAY_S), free_ports(1)
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    yield handler, port
    controller.stop()


@contextlib.asynccontextmanager
async def mailing_through(drill: Drill, relay_port: int) -> AsyncIterator[NotificationsInstances]:
    """The fault drills' platform with two notifications instances e-mailing through the relay,
    then as it was."""
    mail = {"SMTP_HOST": HOST, "SMTP_PORT": str(relay_port), "SENDER_INTERVAL_S": "0.5"}
    mail |= {"RATE_LIMIT_EMAIL_PER_MINUTE": "100000"}
    before = await restart_notifications_mailing(drill, mail)
    instances = NotificationsInstances(drill.platform.stack)
    try:
        await instances.add_second()
        yield instances
    finally:
        drill.platform.stack.stop_service("notifications-2")
        await drill.platform.stack.restart_service("notifications", before)


@dataclass(frozen=True)
class Email:
    """A notification to be e-mailed, as notifications' table has it."""

    booking_id: str | None
    owed_to_drill: bool  # the drill tenant's booking confirmation
    status: str


async def _fetch(admin_dsn: str, query: str, *args: object) -> list[asyncpg.Record]:
    dsn = make_url(admin_dsn).set(drivername="postgresql").render_as_string(False)
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def claimed_by_a_round(admin_dsn: str) -> int:
    """E-mails a sending round holds (claimed, not yet answered by the relay)."""
    query = "SELECT count(*) FROM notifications.notifications WHERE status = 'sending'"
    return (await _fetch(admin_dsn, query))[0][0]


async def instance_in_a_round(admin_dsn: str, instances: NotificationsInstances) -> str | None:
    """The instance whose sending round holds the job's lock and at least
    ``CLAIMED_AT_SIGTERM`` e-mails: the connection holding the lock, found by its client port.
    A bigint advisory lock shows its high half as ``classid`` and its low half as ``objid``."""
    if await claimed_by_a_round(admin_dsn) < CLAIMED_AT_SIGTERM:
        return None
    rows = await _fetch(
        admin_dsn,
        "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
        " AND (l.classid::bigint << 32 | l.objid::bigint) = hashtext($1)::bigint",
        "job:notifications.send",
    )
    return instances.connected_from(rows[0]["client_port"]) if rows else None


async def emails(admin_dsn: str, tenant_id: str) -> dict[str, Email]:
    """Every e-mail notification of the platform, by notification id."""
    rows = await _fetch(
        admin_dsn,
        "SELECT id::text, details->>'booking_id' AS booking_id, status,"
        " tenant_id = $1::uuid AND category = 'booking_confirmed' AS owed"
        " FROM notifications.notifications WHERE channel = 'email'",
        tenant_id,
    )
    return {r["id"]: Email(r["booking_id"], r["owed"], r["status"]) for r in rows}


async def test_a_rolling_restart_of_notifications_delivers_every_email_exactly_once(
    drill: Drill, relay: tuple[SlowRelay, int]
) -> None:
    handler, relay_port = relay
    running = drill.platform.running
    async with mailing_through(drill, relay_port) as instances:
        admin = {
            "Authorization": f"Bearer {running.signing_key.mint([Role.admin], subject='drill')}"
        }
        urls = running.service_urls
        async with (
            httpx.AsyncClient(base_url=urls["tenancy"], timeout=10, headers=admin) as tenancy,
            httpx.AsyncClient(base_url=urls["booking"], timeout=10, headers=admin) as booking,
        ):
            tenant_id = await register(tenancy, activate=True)
            space = await new_space(booking, "notifications-restart")
            trickle = BookingTrickle(booking, space, tenant_id, slots(), BOOKING_PAUSE_S)
            starts_at, ends_at = next(trickle.slots)
            body = {"space_id": space, "tenant_id": tenant_id, "starts_at": starts_at}
            first = await book_when_booking_knows_tenant(booking, body | {"ends_at": ends_at})
            assert first.status_code == 201, first.text
            trickle.booked.append((time.monotonic(), first.json()["id"]))
            # Notifications knows the tenant's address once the first e-mail went out.
            await eventually(
                lambda: asyncio.sleep(0, result=len(handler.accepted)),
                until=bool,
                timeout=120,
                what="the first e-mail",
            )

            await trickle.burst(BURST)
            load = asyncio.create_task(trickle.run())
            admin_dsn = running.endpoints.admin_dsn
            try:
                # The platform's earlier stops are in the same logs: count from here.
                stops_before = instances.graceful_stops()
                released_before = instances.released_at_shutdown()
                restarts_began = time.monotonic()
                # The instance in the round first, so that one restart surely catches a round
                # (the instances take turns at the job's lock); then the other, in a round of
                # either.
                sending = await eventually(
                    lambda: instance_in_a_round(admin_dsn, instances),
                    until=lambda name: name is not None,
                    timeout=120,
                    what=f"an instance in a sending round holding {CLAIMED_AT_SIGTERM} e-mails",
                )
                await instances.restart(sending)
                await eventually(
                    lambda: claimed_by_a_round(admin_dsn),
                    until=lambda n: n >= CLAIMED_AT_SIGTERM,
                    timeout=120,
                    what=f"a sending round holding {CLAIMED_AT_SIGTERM} e-mails",
                )
                await instances.restart(next(name for name in instances.envs if name != sending))
                restarts_ended = time.monotonic()
            finally:
                trickle.stop.set()
                await load

        booked = {booking_id for _, booking_id in trickle.booked}

        async def owed() -> set[str]:
            found = await emails(running.endpoints.admin_dsn, tenant_id)
            return {notification_id for notification_id, e in found.items() if e.owed_to_drill}

        with contextlib.suppress(AssertionError):  # the table shows what is missing
            await eventually(
                owed,
                until=lambda ids: len(ids) == len(booked) and ids <= set(handler.copies()),
                timeout=240,
                what="every booking's e-mail at the relay",
            )
        found = await emails(running.endpoints.admin_dsn, tenant_id)
        drill = {notification_id for notification_id, e in found.items() if e.owed_to_drill}
        copies = handler.copies()
        per_phase = {phase: [0, 0] for phase in PHASES}
        for moment, _ in trickle.booked:
            per_phase[phase_of(moment, restarts_began, restarts_ended)][0] += 1
        for moment, notification_id in handler.accepted:
            if notification_id in drill:
                per_phase[phase_of(moment, restarts_began, restarts_ended)][1] += 1
        totals = {
            "e-mails owed": len(drill),
            "delivered": len(drill & set(copies)),
            "duplicates": sum(n - 1 for n in copies.values()),
            "lost": len(drill - set(copies)),
            "unknown outcome": sum(e.status == "dead" for e in found.values() if e.owed_to_drill),
            "released at shutdown": instances.released_at_shutdown() - released_before,
            "graceful stops": instances.graceful_stops() - stops_before,
        }
        print("\n" + drill_table({p: (b, m) for p, (b, m) in per_phase.items()}, totals))

        assert totals["graceful stops"] == 2, "an instance was killed, not stopped"
        assert sorted(found[n].booking_id for n in drill) == sorted(booked)
        assert (totals["duplicates"], totals["lost"], totals["unknown outcome"]) == (0, 0, 0)
        assert set(copies) <= set(found), "the relay got mail no notification stands for"
        assert {found[n].status for n in drill} == {"sent"}
        assert totals["released at shutdown"] > 0, "no restart caught a round: nothing was drilled"
