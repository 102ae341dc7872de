"""Messages a later event makes pointless: withdrawn while still unsent, or never planned.

A booking won from the waiting list is confirmed and then promoted (booking.confirmed, then
booking.waitlist_promoted, in order on the booking's key): the tenant gets one message of the
two, the promotion, which says more, unless the confirmation is already on its way. Webhook
subscriptions get both, as events.
"""

from contracts.booking import (
    BookingCancelled,
    BookingConfirmed,
    BookingNoShow,
    BookingRejected,
    BookingWaitlistPromoted,
)
from contracts.tenancy import LeaseEnded, LeaseRenewed, LeaseTerminated
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.notification import Notification, RecipientKind
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork

_BookingEvent = (
    BookingConfirmed | BookingWaitlistPromoted | BookingRejected | BookingCancelled | BookingNoShow
)

#: A message in these states has reached (or is reaching) the tenant.
_UNDER_WAY = {DeliveryStatus.SENDING, DeliveryStatus.SENT}
_WAITING = {DeliveryStatus.PENDING, DeliveryStatus.FAILED}


async def about_booking(uow: NotificationsUnitOfWork, event: _BookingEvent) -> list[Notification]:
    """Every message of the tenant about the event's booking, locked, so the sender cannot claim
    one between the look and a withdrawal. One read serves all the checks below."""
    return await uow.notifications.lock_about_booking(event.tenant_id, event.booking_id)


def promotion_planned(about: list[Notification]) -> bool:
    """Whether the tenant's promotion message exists already (its event came first)."""
    promoted = Category.BOOKING_WAITLIST_PROMOTED
    return any(n.category is promoted and n.recipient_kind is RecipientKind.TENANT for n in about)


async def confirmation_under_way(uow: NotificationsUnitOfWork, about: list[Notification]) -> bool:
    """Whether the tenant has the confirmation already; if not, it is withdrawn unsent."""
    confirmations = [
        n
        for n in about
        if n.category is Category.BOOKING_CONFIRMED and n.recipient_kind is RecipientKind.TENANT
    ]
    if any(n.status in _UNDER_WAY for n in confirmations):
        return True
    for notification in confirmations:
        if notification.status in _WAITING:
            notification.withdraw("the waiting-list promotion message replaces it")
            await uow.notifications.save(notification)
    return False


async def withdraw_reminders(
    uow: NotificationsUnitOfWork, about: list[Notification], *, keep: str
) -> None:
    """A reminder already queued for sending but not yet sent is withdrawn when the booking is
    cancelled or moved (``keep``: the reminder of the booking's current start)."""
    for notification in about:
        if (
            notification.category is Category.BOOKING_REMINDER
            and notification.status in _WAITING
            and notification.source_event_id != keep
        ):
            notification.withdraw("booking cancelled or moved")
            await uow.notifications.save(notification)


async def withdraw_expiry_notices(
    uow: NotificationsUnitOfWork, event: LeaseRenewed | LeaseTerminated | LeaseEnded, *, keep: str
) -> None:
    """A lease_expiring notice not yet sent is withdrawn once the end date it announces no
    longer holds: the lease was renewed, ended early, or is over (``keep``: the end date that
    still holds, as the notice's details spell it)."""
    waiting = await uow.notifications.lock_waiting(
        tenant_id=event.tenant_id,
        category=Category.LEASE_EXPIRING,
        about={"lease_id": str(event.lease_id)},
    )
    for notification in waiting:
        if notification.details.get("ends_on") != keep:
            notification.withdraw("the lease was renewed or has ended")
            await uow.notifications.save(notification)
