"""The sender job: claims due messages, sends them, records the outcome.

Three steps so a message is never sent twice (design: at most once per person, see each channel):
1. claim — in one short transaction, lock due rows with FOR UPDATE SKIP LOCKED (another round or
   instance skips them), mark them ``sending`` and commit *before* any send;
2. send — outside any transaction;
3. record — in a new transaction, sent or failed (backoff) or dead.
A crash between 1 and 3 leaves ``sending`` rows; after the lease they are dead (e-mail, WhatsApp,
SMS: the outcome is unknown and a duplicate to a person is worse than asking staff to retry) or
retried (webhooks: receivers drop duplicates by BITC-Webhook-Id). A shutdown is not a crash: the
round stops between two sends, so nothing is left with an unknown outcome (see ``run``).
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from contracts.notifications import Channel
from services.notifications.adapters.channels import DeliveryError, MessageChannel, OutboundMessage
from services.notifications.adapters.delivery_metrics import DeliveryMetrics
from services.notifications.domain.delivery import BackoffPolicy, DeliveryStatus, RateLimit
from services.notifications.domain.notification import Notification
from services.notifications.domain.preferences import PHONE_CHANNELS
from services.notifications.domain.quiet_hours import QuietHours
from services.notifications.service_layer.composing import Composer
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork

log = logging.getLogger(__name__)
_WINDOW = timedelta(minutes=1)


@dataclass
class Sender:
    channels: Mapping[Channel, MessageChannel]
    composer: Composer
    policy: BackoffPolicy
    limits: Mapping[Channel, RateLimit]
    quiet_hours: QuietHours
    metrics: DeliveryMetrics
    sending_lease: timedelta
    batch_size: int
    #: The bootstrap's unit of work: claiming and recording each get one of their own, so the
    #: send between them holds no transaction open.
    unit_of_work: Callable[[AsyncEngine], NotificationsUnitOfWork]

    async def run(self, uow: NotificationsUnitOfWork, now: datetime) -> None:
        """One round (the PeriodicJob body); ``uow`` only holds the job's lock.

        Cancelled when the shutdown's grace for jobs is over (shared/runtime/process.py), the
        round is not cut mid-send: the message in the channel's hands gets its answer and it is
        recorded, and what was claimed but not handed over goes back to be sent at once, by
        this instance's successor or another (docs/operations.md#shutdown)."""
        stop = asyncio.Event()
        sending = asyncio.ensure_future(self._round(uow.engine, now, stop))
        try:
            await asyncio.shield(sending)
        except asyncio.CancelledError:
            stop.set()
            await sending
            raise

    async def _round(self, engine: AsyncEngine, now: datetime, stop: asyncio.Event) -> None:
        claimed = await self._claim(engine, now)
        async with contextlib.AsyncExitStack() as rounds:
            for channel in self.channels.values():
                await rounds.enter_async_context(channel.round())
            for index, (notification, message) in enumerate(claimed):
                if stop.is_set():
                    await self._release(engine, [n for n, _ in claimed[index:]])
                    return
                if isinstance(message, DeliveryError):
                    error: DeliveryError | None = message
                else:
                    error = await self._send(self.channels[notification.channel], message)
                await self._record(engine, notification, error, now)

    async def _claim(
        self, engine: AsyncEngine, now: datetime
    ) -> list[tuple[Notification, OutboundMessage | DeliveryError]]:
        claimed: list[tuple[Notification, OutboundMessage | DeliveryError]] = []
        async with self.unit_of_work(engine) as uow:
            await self._give_up_interrupted(uow, now)
            for channel in self.channels:
                used = await uow.notifications.attempted_since(channel, now - _WINDOW)
                budget = self.limits[channel].budget(used, self.batch_size)
                for n in await uow.notifications.lock_due(channel, now, budget) if budget else []:
                    if n.expired(now):
                        n.withdraw("too late: the booking has started")
                    elif release := await self._quiet_until(uow, n, now):
                        n.hold_until(release)
                    else:
                        n.claim(now)
                        claimed.append((n, await self._compose(uow, n)))
                    await uow.notifications.save(n)
            await uow.commit()
        return claimed

    async def _compose(
        self, uow: NotificationsUnitOfWork, n: Notification
    ) -> OutboundMessage | DeliveryError:
        try:
            return await self.composer.compose(uow, n)
        except DeliveryError as exc:
            return exc
        except Exception as exc:
            # E.g. a template error: this message can't be built, the others still go out.
            log.exception("could not compose", extra={"notification_id": str(n.id)})
            return DeliveryError(f"could not compose: {type(exc).__name__}", permanent=True)

    async def _quiet_until(
        self, uow: NotificationsUnitOfWork, n: Notification, now: datetime
    ) -> datetime | None:
        if n.channel not in PHONE_CHANNELS or n.tenant_id is None:
            return None
        prefs = await uow.preferences.get(n.tenant_id)
        return (prefs.quiet_hours or self.quiet_hours).release_time(now)

    async def _send(
        self, channel: MessageChannel, message: OutboundMessage
    ) -> DeliveryError | None:
        try:
            await channel.send(message)
        except DeliveryError as exc:
            return exc
        except Exception as exc:
            # A bug in an adapter must not wedge the message in "sending": treat as a failure.
            log.exception("channel raised unexpectedly", extra={"channel": channel.channel.value})
            return DeliveryError(f"unexpected: {type(exc).__name__}")
        return None

    async def _record(
        self, engine: AsyncEngine, claimed: Notification, error: DeliveryError | None, now: datetime
    ) -> None:
        async with self.unit_of_work(engine) as uow:
            n = await _still_claimed(uow, claimed)
            if n is None:
                return  # already settled as interrupted by another round
            if error is None:
                n.mark_sent(now)
            else:
                n.mark_failed(now, str(error), self.policy, permanent=error.permanent)
            await uow.notifications.save(n)
            await uow.commit()
        self.metrics.observe(n, now)

    async def _release(self, engine: AsyncEngine, unsent: list[Notification]) -> None:
        async with self.unit_of_work(engine) as uow:
            for claimed in unsent:
                if n := await _still_claimed(uow, claimed):
                    n.release()
                    await uow.notifications.save(n)
            await uow.commit()
        log.info("shutdown: released unsent messages", extra={"released": len(unsent)})

    async def _give_up_interrupted(self, uow: NotificationsUnitOfWork, now: datetime) -> None:
        for n in await uow.notifications.lock_stale_sending(now - self.sending_lease):
            redeliver = self.channels[n.channel].redeliver_interrupted
            log.warning("send interrupted", extra={"notification_id": str(n.id)})
            n.mark_failed(
                now,
                "interrupted during the send; outcome unknown",
                self.policy,
                permanent=not redeliver,
            )
            await uow.notifications.save(n)
            self.metrics.observe(n, now)


async def _still_claimed(
    uow: NotificationsUnitOfWork, claimed: Notification
) -> Notification | None:
    """The row locked, if it is still in the claim this round made."""
    n = await uow.notifications.get(claimed.id, lock=True)
    if n is None or n.status is not DeliveryStatus.SENDING or n.attempts != claimed.attempts:
        return None
    return n
