"""Every way a message leaves the service, behind one interface."""

import uuid
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from contracts.notifications import Channel


@dataclass(frozen=True)
class OutboundMessage:
    notification_id: uuid.UUID
    #: An e-mail address, an E.164 phone number or a webhook URL.
    address: str
    subject: str
    text: str
    #: The machine-readable form (webhook body): no personal data.
    data: dict[str, Any] = field(default_factory=dict)
    #: Webhooks only: the subscription's signing key.
    secret: str = field(default="", repr=False)


class DeliveryError(Exception):
    """The channel did not take the message. ``permanent``: retrying cannot help (e.g. the
    address was refused), so the message is dead at once."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


class MessageChannel(Protocol):
    channel: Channel
    #: Whether a send interrupted by a crash (outcome unknown) may be repeated: only where the
    #: receiver can drop the duplicate by the notification id.
    redeliver_interrupted: bool

    def round(self) -> AbstractAsyncContextManager[None]:
        """A sending round: what the channel's messages can share (SMTP: one connection, its
        TLS handshake and login) is opened at its first send and closed at the end."""
        ...

    async def send(self, message: OutboundMessage) -> None:
        """Returns once the far side accepted the message; raises DeliveryError otherwise."""
        ...


def http_failure(status: int) -> DeliveryError:
    """4xx means the request itself is wrong (permanent), except 408/429 which ask us to wait."""
    permanent = 400 <= status < 500 and status not in (408, 409, 425, 429)
    return DeliveryError(f"HTTP {status}", permanent=permanent)
