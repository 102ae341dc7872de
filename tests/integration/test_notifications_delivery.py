"""Delivery against the real database and real local servers: e-mail to an aiosmtpd server,
WhatsApp/SMS and webhooks to a small HTTP server, both on 127.0.0.1 and started by the test.
Events are fed to the service's own handlers in a unit of work, as its consumer would."""

import asyncio
import email
import email.policy
import hashlib
import hmac
import json
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import uvicorn
from aiosmtpd.controller import Controller
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from contracts.booking import (
    BookingCancelled,
    BookingConfirmed,
    CancellationReason,
)
from contracts.notifications import Channel
from contracts.tenancy import Language, LeaseExpiring, Site, SpaceType, TenantContactChanged
from contracts.topics import BOOKING_EVENTS, TENANCY_EVENTS
from services.notifications.adapters.delivery_metrics import DeliveryMetrics
from services.notifications.adapters.tables import notifications, outbox
from services.notifications.adapters.webhook_repository import WebhookSubscription
from services.notifications.bootstrap import channels, sender
from services.notifications.domain.categories import Category
from services.notifications.domain.preferences import Preferences
from services.notifications.service_layer.contacts import on_contact_changed
from services.notifications.service_layer.digests import StaffDigests
from services.notifications.service_layer.event_reactions import EventReactions
from services.notifications.service_layer.reminders import ReminderJob
from services.notifications.service_layer.sending import Sender
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from services.notifications.settings import Settings
from shared.messaging.envelope import decode, encode, wrap_event
from shared.runtime.periodic_jobs import PeriodicJob, run_job_once
from tests.notifications_backlog import engine_without_backlog
from tests.polling import eventually

pytestmark = pytest.mark.integration
REACTIONS = EventReactions(timedelta(hours=1))
HANDLERS = REACTIONS.handlers(BOOKING_EVENTS)
TENANCY_HANDLERS = REACTIONS.handlers(TENANCY_EVENTS)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailInbox:
    """aiosmtpd handler keeping what it received."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address.startswith("unknown-"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SlowMailInbox(MailInbox):
    """Takes its time to accept each message, as a distant relay does."""

    def __init__(self, delay_s: float) -> None:
        super().__init__()
        self.delay_s = delay_s
        self.receiving = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.receiving += 1
        await asyncio.sleep(self.delay_s)
        return await super().handle_DATA(server, session, envelope)


@dataclass
class HttpReceiver:
    status: int = 200
    requests: list[tuple[str, dict[str, str], bytes]] = field(default_factory=list)

    def app(self) -> Starlette:
        async def receive(request: Request) -> Response:
            self.requests.append((request.url.path, dict(request.headers), await request.body()))
            return Response(status_code=self.status)

        return Starlette(routes=[Route("/{path:path}", receive, methods=["POST"])])

    def to(self, address: str) -> list[dict]:
        bodies = [json.loads(body) for _, _, body in self.requests]
        return [b for b in bodies if b.get("to") == address]


@pytest.fixture
def smtp_server():
    inbox, port = MailInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
async def http_server():
    receiver, port = HttpReceiver(), free_port()
    config = uvicorn.Config(
        receiver.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await eventually(lambda: asyncio.sleep(0, result=server.started), until=bool, what="HTTP up")
    yield receiver, f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


@pytest.fixture
async def engine(infra):
    async with engine_without_backlog(infra) as engine:
        yield engine


def make_sender(infra, smtp_port: int = 1, gateway_url: str = "") -> Sender:
    settings = Settings(
        database_url=infra.database_urls["notifications"],
        smtp_host="127.0.0.1",
        smtp_port=smtp_port,
        smtp_timeout_s=5,
        gateway_url=gateway_url,
        gateway_token="gateway-secret",
        delivery_max_attempts=3,
        delivery_backoff_initial_s=10,
        # The test's receivers listen on the loopback, which webhooks may reach only if listed.
        webhook_allowed_private_targets=["127.0.0.1"],
    )
    return sender(settings, DeliveryMetrics(), channels(settings))


async def handle(engine, handler, event, event_id: uuid.UUID | None = None) -> None:
    envelope = decode(
        encode(
            wrap_event(
                event, source="/test", correlation_id=None, causation_id=None, event_id=event_id
            )
        )
    )
    async with NotificationsUnitOfWork(engine) as uow:
        await handler(event, envelope, uow)
        await uow.commit()


async def given_contact(
    engine, *, phone: str | None = None, language: str = "id", mailbox: str = ""
) -> tuple[uuid.UUID, str]:
    tenant_id = uuid.uuid4()
    address = f"{mailbox}{tenant_id.hex[:12]}@example.id"
    contact = TenantContactChanged(
        tenant_id=tenant_id,
        display_name="Komunitas Musik Baros",
        contact_name="Asep",
        email=address,
        phone=phone,
        language=Language(language),
    )
    await handle(engine, on_contact_changed, contact)
    return tenant_id, address


async def prefer(engine, tenant_id: uuid.UUID, channel: Channel) -> None:
    async with NotificationsUnitOfWork(engine) as uow:
        prefs = Preferences(tenant_id, channels={Category.BOOKING_CONFIRMED: (channel,)})
        await uow.preferences.put(prefs, datetime.now(UTC))
        await uow.commit()


def booking(tenant_id: uuid.UUID, starts_at: datetime, **extra) -> dict:
    return {
        "booking_id": uuid.uuid4(),
        "tenant_id": tenant_id,
        "space_id": uuid.uuid4(),
        "space_code": "BITC-MUSIC-2",
        "space_type": SpaceType.MUSIC_ROOM,
        "site": Site.BITC,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "occurred_at": datetime.now(UTC),
        **extra,
    }


async def subscribe(engine, url: str, tenant_id: uuid.UUID, secret: str) -> None:
    async with NotificationsUnitOfWork(engine) as uow:
        await uow.webhooks.add(
            WebhookSubscription(
                id=uuid.uuid4(),
                url=url,
                secret=secret,
                categories=["booking_confirmed"],
                tenant_id=tenant_id,
                active=True,
                description="city dashboard",
                created_at=datetime.now(UTC),
            )
        )
        await uow.commit()


async def send_round(sender_: Sender, engine, now: datetime | None = None) -> None:
    job = PeriodicJob("test.notifications.send", 1, sender_.run)
    assert await run_job_once(job, NotificationsUnitOfWork(engine), now)


async def rows_of(engine, tenant_id: uuid.UUID) -> list[sa.RowMapping]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            sa.select(notifications)
            .where(notifications.c.tenant_id == tenant_id)
            .order_by(notifications.c.created_at)
        )
        return list(rows.mappings())


async def outbox_events(engine, notification_id: uuid.UUID) -> list[dict]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            sa.select(outbox.c.payload).where(outbox.c.aggregate_id == str(notification_id))
        )
        return [r[0] for r in rows]


async def test_email_goes_over_smtp_in_the_contacts_language_and_is_published_as_sent(
    infra, engine, smtp_server
):
    inbox, port = smtp_server
    tenant_id, address = await given_contact(engine, language="en")
    await handle(
        engine,
        HANDLERS[BookingConfirmed],
        BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3))),
    )
    sender_ = make_sender(infra, smtp_port=port)

    await send_round(sender_, engine)

    [mail] = await eventually(
        lambda: asyncio.sleep(0, result=inbox.to(address)), until=bool, what="mail"
    )
    assert mail["Subject"].startswith("Booking confirmed: BITC-MUSIC-2")
    assert "WIB" in mail.get_body(preferencelist=("plain",)).get_content()
    [row] = await rows_of(engine, tenant_id)
    assert (row["status"], row["channel"], row["attempts"]) == ("sent", "email", 1)
    [event] = await outbox_events(engine, row["id"])
    assert event["type"] == "id.bitc.notification.sent.v1"
    assert event["data"]["tenant_id"] == str(tenant_id)
    assert address not in json.dumps(event)
    registry = sender_.metrics.registry
    assert (
        registry.get_sample_value(
            "notifications_sent_total", {"channel": "email", "category": "booking_confirmed"}
        )
        == 1
    )
    assert (
        registry.get_sample_value(
            "notification_delivery_latency_seconds_count", {"channel": "email"}
        )
        == 1
    )


async def test_an_address_the_mail_server_refuses_is_dead_at_once(infra, engine, smtp_server):
    _, port = smtp_server
    tenant_id, _ = await given_contact(engine, mailbox="unknown-")
    event = BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3)))
    await handle(engine, HANDLERS[BookingConfirmed], event)

    await send_round(make_sender(infra, smtp_port=port), engine)

    [row] = await rows_of(engine, tenant_id)
    assert (row["status"], row["attempts"], row["last_error"]) == ("dead", 1, "recipient refused")


async def test_whatsapp_goes_through_the_gateway_and_waits_out_quiet_hours(
    infra, engine, http_server
):
    receiver, url = http_server
    tenant_id, _ = await given_contact(engine, phone="+6281234567890")
    await prefer(engine, tenant_id, Channel.WHATSAPP)
    await handle(
        engine,
        HANDLERS[BookingConfirmed],
        BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3))),
    )
    sender_ = make_sender(infra, gateway_url=url)
    night = (datetime.now(UTC) + timedelta(days=1)).replace(hour=15, minute=30)  # 22.30 WIB

    await send_round(sender_, engine, night)

    [held] = await rows_of(engine, tenant_id)
    assert held["status"] == "pending"
    assert held["attempts"] == 0
    assert held["next_attempt_at"] == (night + timedelta(days=1)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    assert receiver.to("+6281234567890") == []

    await send_round(sender_, engine, held["next_attempt_at"])

    [sent] = receiver.to("+6281234567890")
    assert sent["channel"] == "whatsapp"
    assert "BITC-MUSIC-2" in sent["text"]
    _, headers, _ = receiver.requests[-1]
    assert headers["authorization"] == "Bearer gateway-secret"
    assert headers["idempotency-key"] == str(held["id"])
    assert (await rows_of(engine, tenant_id))[0]["status"] == "sent"


async def test_a_failing_channel_is_retried_with_backoff_then_dead(infra, engine, http_server):
    receiver, url = http_server
    receiver.status = 503
    tenant_id, _ = await given_contact(engine, phone="+6289876543210")
    await prefer(engine, tenant_id, Channel.SMS)
    await handle(
        engine,
        HANDLERS[BookingConfirmed],
        BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3))),
    )
    sender_ = make_sender(infra, gateway_url=url)
    now = (datetime.now(UTC) + timedelta(days=1)).replace(hour=3)  # 10.00 WIB, not quiet

    await send_round(sender_, engine, now)
    [first] = await rows_of(engine, tenant_id)
    assert (first["status"], first["attempts"]) == ("failed", 1)
    assert now + timedelta(seconds=5) <= first["next_attempt_at"] <= now + timedelta(seconds=10)
    await send_round(sender_, engine, now)  # not due yet: the backoff holds
    assert (await rows_of(engine, tenant_id))[0]["attempts"] == 1

    for _ in range(2):
        due = (await rows_of(engine, tenant_id))[0]["next_attempt_at"]
        await send_round(sender_, engine, due)

    [dead] = await rows_of(engine, tenant_id)
    assert (dead["status"], dead["attempts"], dead["last_error"]) == ("dead", 3, "HTTP 503")
    assert len(receiver.to("+6289876543210")) == 3
    [failed] = await outbox_events(engine, dead["id"])
    assert failed["type"] == "id.bitc.notification.failed.v1"
    assert failed["data"]["attempts"] == 3
    labels = {"channel": "sms", "category": "booking_confirmed"}
    assert sender_.metrics.registry.get_sample_value("notifications_failed_total", labels) == 2
    assert sender_.metrics.registry.get_sample_value("notifications_dead_total", labels) == 1


async def test_the_same_event_twice_and_two_senders_at_once_send_one_email(
    infra, engine, smtp_server
):
    inbox, port = smtp_server
    tenant_id, address = await given_contact(engine)
    event = BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3)))
    event_id = uuid.uuid4()
    await handle(engine, HANDLERS[BookingConfirmed], event, event_id)
    await handle(engine, HANDLERS[BookingConfirmed], event, event_id)  # redelivered past the inbox

    # Two instances' rounds at once, without the job lock: the row claim alone must hold.
    async def round_of(sender_: Sender) -> None:
        async with NotificationsUnitOfWork(engine) as uow:
            await sender_.run(uow, datetime.now(UTC))

    await asyncio.gather(round_of(make_sender(infra, port)), round_of(make_sender(infra, port)))

    assert len(await rows_of(engine, tenant_id)) == 1
    await eventually(lambda: asyncio.sleep(0, result=inbox.to(address)), until=bool, what="mail")
    await send_round(make_sender(infra, port), engine)
    assert len(inbox.to(address)) == 1


async def test_webhooks_are_signed_so_an_independent_receiver_can_verify_them(
    infra, engine, http_server
):
    receiver, url = http_server
    tenant_id, address = await given_contact(engine)
    secret = "whsec-test-" + uuid.uuid4().hex
    await subscribe(engine, f"{url}/hooks/bitc", tenant_id, secret)
    await handle(
        engine,
        HANDLERS[BookingConfirmed],
        BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3))),
    )

    await send_round(make_sender(infra), engine)

    [(_path, headers, body)] = [r for r in receiver.requests if r[0] == "/hooks/bitc"]
    # The receiver's side, written from docs/webhooks.md with nothing but the standard library.
    parts = dict(item.split("=", 1) for item in headers["bitc-signature"].split(","))
    expected = hmac.new(
        secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    assert abs(int(parts["t"]) - datetime.now(UTC).timestamp()) < 60
    payload = json.loads(body)
    webhook_row = next(r for r in await rows_of(engine, tenant_id) if r["channel"] == "webhook")
    assert headers["bitc-webhook-id"] == payload["id"] == str(webhook_row["id"])
    assert payload["category"] == "booking_confirmed"
    assert address not in body.decode()


async def test_a_webhook_to_a_name_resolving_inside_is_refused_while_a_listed_one_goes(
    infra, engine, http_server
):
    receiver, url = http_server
    port = url.rsplit(":", 1)[1]
    tenant_id, _ = await given_contact(engine)
    # Rows written directly, as by a release before the rule: only the send-time check stands.
    await subscribe(engine, f"{url}/hooks/listed", tenant_id, "whsec-listed")
    await subscribe(engine, f"http://localhost:{port}/hooks/by-name", tenant_id, "whsec-name")
    await handle(
        engine,
        HANDLERS[BookingConfirmed],
        BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3))),
    )

    await send_round(make_sender(infra), engine)

    assert [(path, h["host"]) for path, h, _ in receiver.requests] == [
        ("/hooks/listed", f"127.0.0.1:{port}")
    ]
    hooks = [r for r in await rows_of(engine, tenant_id) if r["channel"] == "webhook"]
    assert sorted(r["status"] for r in hooks) == ["dead", "sent"]
    [refused] = [r for r in hooks if r["status"] == "dead"]
    assert refused["attempts"] == 1
    assert refused["last_error"].startswith("refused: localhost (")
    assert "is a loopback address" in refused["last_error"]


async def test_a_reminder_is_withdrawn_on_cancellation_and_never_sent_after_the_start(
    infra, engine
):
    tenant_id, _ = await given_contact(engine)
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
    kept, cancelled, queued = (booking(tenant_id, starts) for _ in range(3))
    for b in (kept, cancelled, queued):
        await handle(engine, HANDLERS[BookingConfirmed], BookingConfirmed(**b))
    await handle(
        engine,
        HANDLERS[BookingCancelled],
        BookingCancelled(**cancelled, reason=CancellationReason.BY_BOOKER),
    )

    reminder_time = starts - timedelta(minutes=59)
    await run_job_once(
        PeriodicJob("test.notifications.reminders", 1, ReminderJob().run),
        NotificationsUnitOfWork(engine),
        reminder_time,
    )
    # Cancelled after its reminder was queued, before it was sent.
    await handle(
        engine,
        HANDLERS[BookingCancelled],
        BookingCancelled(**queued, reason=CancellationReason.BY_STAFF),
    )

    reminders = {
        r["details"]["booking_id"]: r["status"]
        for r in await rows_of(engine, tenant_id)
        if r["category"] == "booking_reminder"
    }
    assert reminders == {str(kept["booking_id"]): "pending", str(queued["booking_id"]): "withdrawn"}

    await send_round(
        make_sender(infra), engine, starts + timedelta(minutes=1)
    )  # down until after the start
    [late] = [
        r
        for r in await rows_of(engine, tenant_id)
        if r["details"]["booking_id"] == str(kept["booking_id"])
        and r["category"] == "booking_reminder"
    ]
    assert (late["status"], late["attempts"]) == ("withdrawn", 0)


async def test_an_interrupted_send_is_never_repeated_by_email_but_is_by_webhook(
    infra, engine, http_server
):
    receiver, url = http_server
    tenant_id, _ = await given_contact(engine)
    await subscribe(engine, f"{url}/hooks/interrupted", tenant_id, "whsec-interrupted")
    event = BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3)))
    await handle(engine, HANDLERS[BookingConfirmed], event)
    # An instance claimed both and died mid-send, long ago: the outcome is unknown.
    async with engine.begin() as conn:
        await conn.execute(
            notifications.update()
            .where(notifications.c.tenant_id == tenant_id)
            .values(
                status="sending", attempts=1, last_attempt_at=datetime.now(UTC) - timedelta(hours=1)
            )
        )

    await send_round(make_sender(infra), engine)

    by_channel = {r["channel"]: r for r in await rows_of(engine, tenant_id)}
    assert by_channel["email"]["status"] == "dead"
    assert "interrupted" in by_channel["email"]["last_error"]
    assert by_channel["webhook"]["status"] == "failed"
    await send_round(make_sender(infra), engine, by_channel["webhook"]["next_attempt_at"])
    assert [r[0] for r in receiver.requests] == ["/hooks/interrupted"]
    assert {r["channel"]: r["status"] for r in await rows_of(engine, tenant_id)} == {
        "email": "dead",
        "webhook": "sent",
    }


async def test_a_round_stopped_by_shutdown_records_the_send_under_way_and_releases_the_rest(
    infra, engine
):
    inbox, port = SlowMailInbox(delay_s=1.0), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        tenants = [await given_contact(engine) for _ in range(3)]
        for tenant_id, _ in tenants:
            event = BookingConfirmed(**booking(tenant_id, datetime.now(UTC) + timedelta(days=3)))
            await handle(engine, HANDLERS[BookingConfirmed], event)
        sender_ = make_sender(infra, port)
        sending = asyncio.create_task(send_round(sender_, engine))
        await eventually(
            lambda: asyncio.sleep(0, result=inbox.receiving), until=bool, what="a send under way"
        )
        sending.cancel()  # what the shutdown does once the jobs' grace is over
        with pytest.raises(asyncio.CancelledError):
            await sending

        rows = [row for tenant_id, _ in tenants for row in await rows_of(engine, tenant_id)]
        assert len(inbox.messages) == 1, "the send under way was not finished"
        by_status = sorted((r["status"], r["attempts"]) for r in rows)
        assert by_status == [("pending", 0), ("pending", 0), ("sent", 1)]
        [sent] = [r for r in rows if r["status"] == "sent"]
        assert inbox.messages[0]["Message-ID"].startswith(f"<{sent['id']}@")

        inbox.delay_s = 0
        await send_round(sender_, engine)
        delivered = sorted(str(m["To"]) for m in inbox.messages)
        assert delivered == sorted(address for _, address in tenants)
        rows = [row for tenant_id, _ in tenants for row in await rows_of(engine, tenant_id)]
        assert [r["status"] for r in rows] == ["sent"] * 3
    finally:
        controller.stop()


async def test_staff_get_the_leases_ending_this_week_once_a_week(infra, engine):
    tenant_id, _ = await given_contact(engine)
    staff = [f"leasing-{uuid.uuid4().hex[:8]}@bitc.id"]
    job = PeriodicJob(
        "test.notifications.lease-digest",
        1,
        StaffDigests(staff, timedelta(hours=1)).lease_expiries,
    )
    monday = datetime(2030, 3, 4, 1, 0, tzinfo=UTC)  # 08.00 WIB on a Monday
    lease = {"lease_id": uuid.uuid4(), "unit_id": uuid.uuid4(), "site": Site.TECHNO_PARK}
    expiring = LeaseExpiring(
        tenant_id=tenant_id,
        occurred_at=monday - timedelta(days=3),
        **lease,
        ends_on=monday.date() + timedelta(days=4),
        days_left=7,
    )
    await handle(engine, TENANCY_HANDLERS[LeaseExpiring], expiring)

    for day in range(3):  # the job runs often; the week's digest is made once
        await run_job_once(job, NotificationsUnitOfWork(engine), monday + timedelta(days=day))

    async with engine.connect() as conn:
        rows = (
            (
                await conn.execute(
                    sa.select(notifications).where(notifications.c.recipient == staff[0])
                )
            )
            .mappings()
            .all()
        )
    [digest] = rows
    assert digest["category"] == "staff_lease_digest"
    assert digest["source_event_id"] == "staff-leases:2030-W10"
    assert [item["lease_id"] for item in digest["details"]["items"]] == [str(lease["lease_id"])]
