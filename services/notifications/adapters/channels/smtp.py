"""E-mail over SMTP. At most once: SMTP has no idempotency key, so a send whose outcome a crash
hid is never repeated automatically (it goes dead for staff to look at).

The messages of one sending round share one connection (``round``): a city's mail server asks
for STARTTLS and a login, and a TLS handshake costs the service more CPU than the message it
protects. A connection that failed is never used again; the next message opens a new one.
"""

import contextlib
from collections.abc import AsyncIterator
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
        self._sender = sender
        self._envelope_sender = parseaddr(sender)[1]
        self._client = {
            "hostname": host,
            "port": port,
            "username": username or None,
            "password": password or None,
            "start_tls": starttls,
            "timeout": timeout_s,
        }
        self._open: aiosmtplib.SMTP | None = None
        self._in_round = False

    @contextlib.asynccontextmanager
    async def round(self) -> AsyncIterator[None]:
        """Sends inside share one connection, closed at the end (the sender runs one round at a
        time: its job's lock). A send outside a round opens and closes one of its own."""
        self._in_round = True
        try:
            yield
        finally:
            self._in_round = False
            await self._hang_up()

    async def send(self, message: OutboundMessage) -> None:
        email = build_email(message, sender=self._sender, sent_at=datetime.now(UTC))
        try:
            connection = await self._connection()
            try:
                # The envelope given, so that the headers are not parsed back to find it.
                await connection.send_message(
                    email, sender=self._envelope_sender, recipients=[message.address]
                )
            except BaseException:
                self._drop()  # in an unknown state: not for the next message
                raise
            if not self._in_round:
                await self._hang_up()
        except aiosmtplib.SMTPRecipientsRefused as exc:
            # 4xx is "not now" (greylisting, a full mailbox): retried like any other failure.
            refused_for_good = all(500 <= r.code < 600 for r in exc.recipients)
            raise DeliveryError("recipient refused", permanent=refused_for_good) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryError(f"SMTP {exc.code}", permanent=500 <= exc.code < 600) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP unavailable: {type(exc).__name__}") from exc

    async def _connection(self) -> aiosmtplib.SMTP:
        if self._open is None or not self._open.is_connected:
            self._drop()
            connection = aiosmtplib.SMTP(**self._client)
            await connection.connect()  # with STARTTLS and the login, when configured
            self._open = connection
        return self._open

    async def _hang_up(self) -> None:
        """QUIT, as a server expects; the message is already accepted, so a failure here is
        only the connection's."""
        connection, self._open = self._open, None
        if connection is not None and connection.is_connected:
            try:
                await connection.quit()
            except (aiosmtplib.SMTPException, OSError):
                connection.close()

    def _drop(self) -> None:
        connection, self._open = self._open, None
        if connection is not None:
            connection.close()
