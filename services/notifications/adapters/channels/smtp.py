"""E-mail over SMTP. At most once: SMTP has no idempotency key, so a send whose outcome a crash
hid is never repeated automatically (it goes dead for staff to look at)."""

from datetime import UTC, datetime
from email.utils import parseaddr

import aiosmtplib

from contracts.notifications import Channel
from services.notifications.adapters.channels import DeliveryError, OutboundMessage
from services.notifications.adapters.channels.email_message import build_email


class SmtpChannel:
    channel = Channel.EMAIL
    redeliver_interrupted = False

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str = "",
        password: str = "",
        starttls: bool = False,
        timeout_s: float = 30.0,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._envelope_sender = parseaddr(sender)[1]
        self._username, self._password = username or None, password or None
        self._starttls, self._timeout_s = starttls, timeout_s

    async def send(self, message: OutboundMessage) -> None:
        email = build_email(message, sender=self._sender, sent_at=datetime.now(UTC))
        try:
            # The envelope given, so that the headers are not parsed back to find it.
            await aiosmtplib.send(
                email,
                sender=self._envelope_sender,
                recipients=[message.address],
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                start_tls=self._starttls,
                timeout=self._timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError("recipient refused", permanent=True) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryError(f"SMTP {exc.code}", permanent=500 <= exc.code < 600) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP unavailable: {type(exc).__name__}") from exc
