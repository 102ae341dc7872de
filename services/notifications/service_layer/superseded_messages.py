"""Messages a later event makes pointless: withdrawn while still unsent, or never planned.

A booking won from the waiting list is confirmed and then promoted (booking.confirmed, then
booking.waitlist_promoted, in order on the booking's key): the tenant gets one message of the
two, the promotion, which says more, unless the confirmation is already on its way. Webhook
subscriptions get both, as events.
"""

from typing import Any

from contracts.booking import BookingConfirmed, BookingWaitlistPromoted
from contracts.tenancy import LeaseEnded, LeaseRenewed, LeaseTerminated
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.notification import RecipientKind
from services.notifications.service_layer.unit_of_work import NotificationsUnitOfWork

#: A message in these states has reached (or is reaching) the tenant.
_UNDER_WAY = {DeliveryStatus.SENDING, DeliveryStatus.SENT}


async def promotion_planned(uow: NotificationsUnitOfWork, event: BookingConfirmed) -> bool:
    """Whether the tenant's promotion message exists already (its event came first)."""
    promoted = await uow.notifications.of_tenant(
        tenant_id=event.tenant_id,
        category=Category.BOOKING_WAITLIST_PROMOTED,
        about={"booking_id": str(event.booking_id)},
    )
    return any(n.recipient_kind is RecipientKind.TENANT for n in promoted)


async def confirmation_under_way(
    uow: NotificationsUnitOfWork, event: BookingWaitlistPromoted
) -> bool:
    """Whether the tenant has the confirmation already; if not, it is withdrawn unsent."""
    about = {"booking_id": str(event.booking_id)}
    # Locked first, so the sender cannot claim them between the look and the withdrawal.
    unsent = await uow.notifications.lock_waiting(
        tenant_id=event.tenant_id, category=Category.BOOKING_CONFIRMED, about=about
    )
    confirmations = await uow.notifications.of_tenant(
        tenant_id=event.tenant_id, category=Category.BOOKING_CONFIRMED, about=about
    )
    if any(
        n.recipient_kind is RecipientKind.TENANT and n.status in _UNDER_WAY for n in confirmations
    ):
        return True
    for notification in unsent:
        if notification.recipient_kind is RecipientKind.TENANT:
            notification.withdraw("the waiting-list promotion message replaces it")
            await uow.notifications.save(notification)
    return False


async def withdraw_reminders(uow: NotificationsUnitOfWork, event: Any, *, keep: str) -> None:
    """A reminder already queued for sending but not yet sent is withdrawn when the booking is
    cancelled or moved (``keep``: the reminder of the booking's current start)."""
    waiting = await uow.notifications.lock_waiting(
        tenant_id=event.tenant_id,
        category=Category.BOOKING_REMINDER,
        about={"booking_id": str(event.booking_id)},
    )
    for notification in waiting:
        if notification.source_event_id != keep:
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
