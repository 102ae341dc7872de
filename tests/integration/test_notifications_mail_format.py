"""What a real SMTP server receives from the service is a well-formed e-mail: read back from the
raw bytes the aiosmtpd server was handed, with nothing but the standard library's parser."""

import asyncio
import email
import email.policy
import uuid
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import parseaddr, parsedate_to_datetime

import pytest

from contracts.booking import BookingWaitlistPromoted
from services.notifications.adapters.channels import OutboundMessage
from services.notifications.adapters.channels.smtp import SmtpChannel
from services.notifications.adapters.delivery_metrics import DeliveryMetrics
from services.notifications.adapters.templates import MessageRenderer
from services.notifications.bootstrap import channels, sender
from services.notifications.settings import Settings
from tests.integration.test_notifications_delivery import (
    HANDLERS,
    booking,
    given_contact,
    handle,
    send_round,
)
from tests.notifications_backlog import engine_without_backlog
from tests.polling import eventually

pytestmark = pytest.mark.integration
SENDER = "BITC Cimahi <noreply@bitc.cimahikota.go.id>"


@pytest.fixture
async def engine(infra):
    async with engine_without_backlog(infra) as engine:
        yield engine


async def received_by(smtp_sink, address: str) -> tuple[bytes, EmailMessage]:
    [raw] = await eventually(
        lambda: asyncio.sleep(0, result=[m for m in smtp_sink.messages if address.encode() in m]),
        until=bool,
        what=f"mail to {address}",
    )
    return raw, email.message_from_bytes(raw, policy=email.policy.default)


def text_of(mail: EmailMessage, subtype: str) -> str:
    """A part's text with the line ends SMTP carries it with (CRLF) read as newlines."""
    return mail.get_body(preferencelist=(subtype,)).get_content().replace("\r\n", "\n")


def raw_header_lines(raw: bytes, name: str) -> list[bytes]:
    """The header's physical lines as sent: its own line and the folded continuations (the
    catcher's Maildir keeps them with LF line ends, SMTP carried them with CRLF)."""
    lines = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].split(b"\n")
    start = next(
        i for i, line in enumerate(lines) if line.lower().startswith(name.lower().encode() + b":")
    )
    end = start + 1
    while end < len(lines) and lines[end][:1] in (b" ", b"\t"):
        end += 1
    return lines[start:end]


async def test_a_sent_notification_has_a_date_its_own_domains_message_id_and_a_html_part(
    infra, engine, smtp_sink
):
    tenant_id, address = await given_contact(engine)
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    promoted = BookingWaitlistPromoted(**booking(tenant_id, starts))
    await handle(engine, HANDLERS[BookingWaitlistPromoted], promoted)
    settings = Settings(
        database_url=infra.database_urls["notifications"],
        smtp_host="127.0.0.1",
        smtp_port=smtp_sink.port,
        smtp_from=SENDER,
    )
    before = datetime.now(UTC).replace(microsecond=0)

    await send_round(sender(settings, DeliveryMetrics(), channels(settings)), engine)

    _, mail = await received_by(smtp_sink, address)
    assert before <= parsedate_to_datetime(mail["Date"]) <= datetime.now(UTC)
    message_id = mail["Message-ID"]
    assert message_id == f"<{message_id[1:-1]}>"
    assert message_id[1:-1].rpartition("@")[2] == parseaddr(mail["From"])[1].rpartition("@")[2]
    assert (mail["From"], mail["To"]) == (SENDER, address)
    assert mail.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in mail.iter_parts()] == ["text/plain", "text/html"]
    expected = MessageRenderer().render(
        "booking_waitlist_promoted",
        "id",
        {
            "details": promoted.model_dump(mode="json", exclude={"tenant_id"}),
            "contact_name": "Asep",
            "organisation": "Komunitas Musik Baros",
        },
    )
    assert text_of(mail, "plain").strip() == expected.body
    assert mail["Subject"] == expected.subject
    html = text_of(mail, "html")
    assert "<p>Halo Asep,</p>" in html
    assert "- Ruangan: BITC-MUSIC-2 (ruang latihan musik), BITC Baros<br>" in html


LONG_SUBJECTS = [
    # 77 characters: fits a line on its own, so it used to be moved after a bare "Subject:".
    "Pemesanan dikonfirmasi: BITC-MUSIC-2, Kamis, 12 Desember 2030 pukul 14.00 WIB",
    "Kabar baik: Anda mendapat BITC-STUDIO-FOTO-1, Sabtu, 28 Desember 2030 pukul 09.30 WIB "
    "dari daftar tunggu Techno Park",
    # Non-ASCII with spaces where a fold between encoded words used to drop one.
    "Pemesanan dikonfirmasi: Ruang Kreatif Café Léon — Kamis, 12 Desember 2030 pukul 14.00 WIB, "
    "lantai dua",
    "Pengingat: acara «Temu Kreatif» di Gedung Cimahi Techno Park — Jum'at, 3 Januari 2031 "
    "pukul 19.00 WIB, harap datang 15 menit lebih awal ✓",
]


@pytest.mark.parametrize("subject", LONG_SUBJECTS)
async def test_a_long_indonesian_subject_arrives_exactly_as_written_without_a_bare_first_line(
    smtp_sink, subject
):
    address = f"subject-{uuid.uuid4().hex[:12]}@example.id"
    channel = SmtpChannel(host="127.0.0.1", port=smtp_sink.port, sender=SENDER)

    await channel.send(OutboundMessage(uuid.uuid4(), address, subject, "Halo,\n\nSalam"))

    raw, mail = await received_by(smtp_sink, address)
    assert mail["Subject"] == subject
    first, *continued = raw_header_lines(raw, "Subject")
    assert first.startswith(b"Subject: ")
    assert first[len(b"Subject: ") :].strip()
    assert all(len(line) <= 998 for line in [first, *continued])


async def test_text_that_looks_like_html_is_shown_as_text_in_the_html_part(smtp_sink):
    address = f"escape-{uuid.uuid4().hex[:12]}@example.id"
    channel = SmtpChannel(host="127.0.0.1", port=smtp_sink.port, sender=SENDER)
    text = "Halo PT Kopi & Teh <Baros>,\n\nRuangan: <b>BITC-MUSIC-2</b>\n\nSalam,\nTim BITC"

    await channel.send(OutboundMessage(uuid.uuid4(), address, "Uji", text))

    _, mail = await received_by(smtp_sink, address)
    html = text_of(mail, "html")
    assert "<p>Halo PT Kopi &amp; Teh &lt;Baros&gt;,</p>" in html
    assert "&lt;b&gt;BITC-MUSIC-2&lt;/b&gt;" in html
    assert "<b>" not in html
    assert "<p>Salam,<br>\nTim BITC</p>" in html
    assert text_of(mail, "plain").strip() == text
