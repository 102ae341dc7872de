"""The e-mails of one sending round go over one SMTP connection (one TLS handshake and login with
the city's server, not one per message); a connection that failed is never used again; outside
a round each e-mail has a connection of its own; a recipient refused "for now" (451, as
greylisting answers) is retried, not given up. Against a real SMTP server (aiosmtpd)."""

import uuid
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller

from bitc.devstack.ports import HOST, free_ports
from services.notifications.adapters.channels import DeliveryError, OutboundMessage
from services.notifications.adapters.channels.smtp import SmtpChannel

pytestmark = pytest.mark.integration
SENDER = "BITC Cimahi <noreply@bitc.cimahikota.go.id>"
REFUSED_FOR_NOW = "busy@example.id"


class CountingServer:
    """Accepts every e-mail, noting the client connection (its address and port) it came on;
    answers 451 (try again later) for one address."""

    def __init__(self) -> None:
        self.connections: list[tuple[str, int]] = []
        self.greetings = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses) -> list[str]:
        self.greetings += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address == REFUSED_FOR_NOW:
            return "451 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.connections.append(session.peer)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[CountingServer, SmtpChannel]]:
    handler, [port] = CountingServer(), free_ports(1)
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    yield handler, SmtpChannel(host=HOST, port=port, sender=SENDER)
    controller.stop()


def email_to(address: str) -> OutboundMessage:
    return OutboundMessage(uuid.uuid4(), address, "Pemesanan dikonfirmasi", "Halo,\n\nSalam")


async def test_the_emails_of_a_round_share_one_connection_and_one_greeting(smtp) -> None:
    server, channel = smtp

    async with channel.round():
        for number in range(5):
            await channel.send(email_to(f"tenant-{number}@example.id"))

    assert len(server.connections) == 5
    assert len(set(server.connections)) == 1
    assert server.greetings == 1


async def test_outside_a_round_each_email_has_a_connection_of_its_own(smtp) -> None:
    server, channel = smtp

    await channel.send(email_to("first@example.id"))
    await channel.send(email_to("second@example.id"))

    assert len(set(server.connections)) == 2


async def test_a_greylisted_recipient_is_retried_and_the_round_goes_on_over_a_new_connection(
    smtp,
) -> None:
    server, channel = smtp

    async with channel.round():
        await channel.send(email_to("before@example.id"))
        with pytest.raises(DeliveryError) as failed:
            await channel.send(email_to(REFUSED_FOR_NOW))
        await channel.send(email_to("after@example.id"))

    assert not failed.value.permanent
    before, after = server.connections
    assert before != after
    assert server.greetings == 2
