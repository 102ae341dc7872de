"""How the service reacts to tenancy and booking events: the messages they owe the tenant, and
what they change in the reminders and in what the staff digests will list."""

from datetime import UTC, datetime, timedelta
from typing import Any

from contracts.booking import (
    BookingCancelled,
    BookingConfirmed,
    BookingNoShow,
    BookingRejected,
    BookingRequested,
    BookingWaitlistPromoted,
)
from contracts.tenancy import LeaseEnded, LeaseExpiring, LeaseRenewed, LeaseSigned, LeaseTerminated
from services.notifications.domain.message_catalog import (
    TENANT_MESSAGES,
    category_of,
    details_of,
    tenant_of,
)
from services.notifications.domain.notification import Notification
from services.notifications.domain.reminders import remind_at, reminder_source_id
from services.notifications.service_layer import superseded_messages as superseded
from services.notifications.service_layer.planning import plan_tenant_message
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork
from shared.messaging.envelope import Envelope
from shared.messaging.events import DomainEvent
from shared.messaging.subscriptions import Handler

_Booking = BookingConfirmed | BookingWaitlistPromoted


class EventReactions:
    def __init__(self, reminder_lead: timedelta) -> None:
        self._lead = reminder_lead

    def handlers(self, topic: str) -> dict[type[DomainEvent], Handler]:
        """The handler of each event of ``topic`` this service acts on."""
        react: dict[type[DomainEvent], Handler] = {e: self.notify for e in TENANT_MESSAGES}
        react |= {
            BookingRequested: self.on_requested,
            BookingConfirmed: self.on_confirmed,
            BookingWaitlistPromoted: self.on_promoted,
            BookingRejected: self.on_booking_ended,
            BookingCancelled: self.on_booking_ended,
            BookingNoShow: self.on_booking_ended,
            LeaseSigned: self.on_lease_known,
            LeaseExpiring: self.on_lease_known,
            LeaseRenewed: self.on_lease_moved,
            LeaseTerminated: self.on_lease_moved,
            LeaseEnded: self.on_lease_ended,
        }
        return {event: handler for event, handler in react.items() if event.topic == topic}

    async def notify(self, event: Any, envelope: Envelope, uow: NotificationsUnitOfWork) -> None:
        await self._plan(event, envelope, uow, details_of(event))

    async def _plan(
        self,
        event: Any,
        envelope: Envelope,
        uow: NotificationsUnitOfWork,
        details: dict[str, Any],
        to_tenant: bool = True,
    ) -> None:
        await plan_tenant_message(
            uow,
            tenant_id=tenant_of(event),
            category=category_of(event),
            source_event_id=envelope.id,
            event_time=envelope.time or event.occurred_at,
            details=details,
            now=datetime.now(UTC),
            to_tenant=to_tenant,
        )

    async def on_requested(
        self, event: BookingRequested, envelope: Envelope, uow: NotificationsUnitOfWork
    ) -> None:
        # Staff hear of requests in the periodic digest, not one message each.
        at = envelope.time or event.occurred_at
        await uow.schedule.add_request(event.booking_id, event.tenant_id, details_of(event), at)

    async def on_confirmed(
        self, event: BookingConfirmed, envelope: Envelope, uow: NotificationsUnitOfWork
    ) -> None:
        about = await superseded.about_booking(uow, event)
        told = superseded.promotion_planned(about)
        # Serialised once, for the message and the reminder.
        details = details_of(event)
        await self._plan(event, envelope, uow, details, to_tenant=not told)
        await self._booked(event, envelope, uow, about, details)

    async def on_promoted(
        self, event: BookingWaitlistPromoted, envelope: Envelope, uow: NotificationsUnitOfWork
    ) -> None:
        about = await superseded.about_booking(uow, event)
        told = await superseded.confirmation_under_way(uow, about)
        # Serialised once, for the message and the reminder.
        details = details_of(event)
        await self._plan(event, envelope, uow, details, to_tenant=not told)
        await self._booked(event, envelope, uow, about, details)

    async def _booked(
        self,
        event: _Booking,
        envelope: Envelope,
        uow: NotificationsUnitOfWork,
        about: list[Notification],
        details: dict[str, Any],
    ) -> None:
        await uow.schedule.resolve_request(event.booking_id)
        reminder_id = reminder_source_id(str(event.booking_id), event.starts_at)
        await superseded.withdraw_reminders(uow, about, keep=reminder_id)
        moment = remind_at(event.starts_at, self._lead, envelope.time or event.occurred_at)
        if moment is None:
            await uow.schedule.withdraw_reminder(event.booking_id)
            return
        await uow.schedule.schedule_reminder(
            event.booking_id, event.tenant_id, event.starts_at, moment, details
        )

    async def on_booking_ended(
        self,
        event: BookingRejected | BookingCancelled | BookingNoShow,
        envelope: Envelope,
        uow: NotificationsUnitOfWork,
    ) -> None:
        about = await superseded.about_booking(uow, event)
        await self.notify(event, envelope, uow)
        await uow.schedule.resolve_request(event.booking_id)
        await uow.schedule.withdraw_reminder(event.booking_id)
        await superseded.withdraw_reminders(uow, about, keep="")

    async def on_lease_known(
        self, event: LeaseSigned | LeaseExpiring, envelope: Envelope, uow: NotificationsUnitOfWork
    ) -> None:
        await self.notify(event, envelope, uow)
        await uow.schedule.put_lease_end(
            event.lease_id, event.tenant_id, event.unit_id, event.site.value, event.ends_on
        )

    async def on_lease_moved(
        self,
        event: LeaseRenewed | LeaseTerminated,
        envelope: Envelope,
        uow: NotificationsUnitOfWork,
    ) -> None:
        await uow.schedule.put_lease_end(
            event.lease_id, event.tenant_id, event.unit_id, event.site.value, event.ends_on
        )
        await superseded.withdraw_expiry_notices(uow, event, keep=event.ends_on.isoformat())

    async def on_lease_ended(
        self, event: LeaseEnded, envelope: Envelope, uow: NotificationsUnitOfWork
    ) -> None:
        await self.notify(event, envelope, uow)
        await uow.schedule.remove_lease(event.lease_id)
        await superseded.withdraw_expiry_notices(uow, event, keep="")
