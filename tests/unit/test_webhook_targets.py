"""Webhooks never go inside the city's network: every kind of internal address is refused, at
registration and at each send, unless operators listed the target."""

import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import ValidationError

from services.notifications.adapters.channels import DeliveryError, OutboundMessage
from services.notifications.adapters.channels.webhook import WebhookChannel
from services.notifications.domain.webhook_targets import WebhookTargets, ip_literal
from services.notifications.settings import Settings

RULE = WebhookTargets()
DB = "postgresql+asyncpg://nobody@127.0.0.1:1/none"


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.10.20.30", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.7", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "cloud metadata"),
        ("169.254.10.1", "link-local"),
        ("fe80::1", "link-local"),
        ("fd00::1", "unique-local"),
        ("fc12::1", "unique-local"),
        ("100.64.0.1", "shared"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.10", "private"),  # documentation range: nobody's subscriber
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped: a socket to it reaches 127.0.0.1
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "cloud metadata"),  # NAT64 around 169.254.169.254
    ],
)
def test_every_kind_of_internal_address_is_refused_and_named(address, kind):
    reason = RULE.refusal(address, [ip_literal(address)])

    assert reason is not None
    assert f"is a {kind} address" in reason
    assert "WEBHOOK_ALLOWED_PRIVATE_TARGETS" in reason


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address):
    assert RULE.refusal(address, [ip_literal(address)]) is None


def test_one_internal_address_among_a_names_addresses_is_enough_to_refuse():
    found = [ip_literal("93.184.215.14"), ip_literal("10.0.0.5")]

    reason = RULE.refusal("hooks.example.id", found)

    assert reason is not None
    assert reason.startswith("hooks.example.id (10.0.0.5) is a private")


def test_listed_hosts_and_networks_admit_urls_naming_them_but_not_names_resolving_into_them():
    targets = WebhookTargets.allowing(["hooks.dinas.internal", "10.20.0.0/16", "127.0.0.1"])
    inside = [ip_literal("10.20.3.4")]

    assert targets.refusal("Hooks.Dinas.Internal.", inside) is None
    assert targets.refusal("10.20.3.4", inside) is None
    assert targets.refusal("127.0.0.1", [ip_literal("127.0.0.1")]) is None
    assert targets.refusal("::ffff:127.0.0.1", [ip_literal("::ffff:127.0.0.1")]) is None
    assert targets.refusal("10.21.0.1", [ip_literal("10.21.0.1")]) is not None
    assert targets.refusal("rebound.example.id", inside) is not None
    assert targets.refusal("localhost", [ip_literal("127.0.0.1")]) is not None


def test_nothing_internal_is_allowed_unless_configured_and_a_bad_network_is_refused():
    assert Settings(database_url=DB).webhook_targets() == WebhookTargets()
    listed = Settings(database_url=DB, webhook_allowed_private_targets=["10.0.0.0/8", "hooks"])
    assert listed.webhook_targets().refusal("10.9.9.9", [ip_literal("10.9.9.9")]) is None
    with pytest.raises(ValidationError):
        Settings(database_url=DB, webhook_allowed_private_targets=["10.0.0.0/33"])


def message(url: str) -> OutboundMessage:
    return OutboundMessage(uuid.uuid4(), url, "subject", "text", {"id": "1"}, "secret")


async def test_a_send_to_a_name_that_resolves_to_the_loopback_is_a_permanent_failure():
    channel = WebhookChannel(timeout_s=2, targets=RULE)

    # Nothing listens on port 9: had the check let it through, the failure would be a
    # passing "unreachable", retried later.
    with pytest.raises(DeliveryError) as refused:
        await channel.send(message("http://localhost:9/hooks"))

    assert refused.value.permanent
    assert "loopback" in str(refused.value)


async def test_a_listed_target_is_sent_to():
    channel = WebhookChannel(timeout_s=2, targets=WebhookTargets.allowing(["127.0.0.1"]))

    with pytest.raises(DeliveryError) as unreachable:
        await channel.send(message("http://127.0.0.1:9/hooks"))

    assert not unreachable.value.permanent
    assert str(unreachable.value) == "subscriber unreachable: ConnectError"


@pytest.fixture
def receiver() -> Iterator[tuple[int, list[dict[str, str]]]]:
    """A webhook receiver on 127.0.0.1: its port and the headers of what it got."""
    received: list[dict[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["content-length"]))
            received.append(dict(self.headers))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port, received
    server.shutdown()
    server.server_close()


async def test_a_listed_name_is_reached_at_its_checked_address_and_still_named(receiver):
    port, received = receiver
    channel = WebhookChannel(timeout_s=5, targets=WebhookTargets.allowing(["localhost"]))

    await channel.send(message(f"http://localhost:{port}/hooks"))

    [headers] = received
    assert headers["Host"] == f"localhost:{port}"
