"""Why booking refuses a request, in the shared vocabulary (docs/architecture.md, "Errors"):
each error's slug is the problem ``type`` clients match, and a broken rule names itself in the
``rule`` member too."""

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from shared.domain.errors import Conflict, NotFound, RuleBroken

if TYPE_CHECKING:  # the period's own checks raise these errors
    from services.booking.domain.period import Period


class BookingRuleBroken(RuleBroken):
    """A request that breaks a booking rule; ``rule`` is the slug, ``details`` say more."""

    title = "The request breaks a booking rule"

    def __init__(self, rule: str, detail: str, **details: object) -> None:
        super().__init__(detail, slug=rule, rule=rule, **details)
        self.rule = rule
        self.details = details


class TenantNotActive(BookingRuleBroken):
    # The tenant's standing, not the request, is what is wrong: asked again later it may pass.
    status = 409

    def __init__(self, standing: str) -> None:
        super().__init__(
            "tenant-not-active", "only active tenants may book", tenant_standing=standing
        )


class SpaceCodeTaken(BookingRuleBroken):
    # Clashes with a space that exists: the same request is fine with another code.
    status = 409

    def __init__(self, code: str) -> None:
        super().__init__("space-code-taken", f"a space {code} exists already")


class IllegalBookingTransition(BookingRuleBroken):
    """The booking's status does not allow the requested step (e.g. check-in of a cancelled one)."""

    status = 409

    def __init__(self, action: str, status: str) -> None:
        super().__init__(
            "illegal-transition", f"a {status} booking cannot be {action}", booking_status=status
        )


class BookingConflict(Conflict):
    """The space is already booked over (part of) the period; ``taken`` is the live booking's
    period it meets, when it could still be read."""

    title = "The space is already booked over that period"
    slug = "booking-conflict"

    def __init__(self, space_id: uuid.UUID, taken: "Period | None") -> None:
        conflicting = None
        if taken is not None:
            conflicting = {
                "starts_at": _instant(taken.starts_at),
                "ends_at": _instant(taken.ends_at),
            }
        super().__init__(
            f"space {space_id} is already booked over that period",
            rule=self.slug,
            conflicting_period=conflicting,
        )
        self.space_id = space_id
        self.taken = taken


def _instant(at: datetime) -> str:
    # As the API writes every other instant: RFC 3339, UTC as "Z".
    return at.isoformat().replace("+00:00", "Z")


class SpaceNotFound(NotFound):
    def __init__(self, space_id: uuid.UUID) -> None:
        super().__init__("space", space_id)


class TenantNotFound(NotFound):
    def __init__(self, tenant_id: uuid.UUID) -> None:
        super().__init__("tenant", tenant_id, f"no tenant {tenant_id} is known to booking")


class BookingNotFound(NotFound):
    def __init__(self, booking_id: uuid.UUID) -> None:
        super().__init__("booking", booking_id)


class ClosureNotFound(NotFound):
    def __init__(self, closure_id: uuid.UUID) -> None:
        super().__init__("closure", closure_id)


class SeriesNotFound(NotFound):
    def __init__(self, series_id: uuid.UUID) -> None:
        super().__init__("series", series_id)


class WaitlistEntryNotFound(NotFound):
    def __init__(self, entry_id: uuid.UUID) -> None:
        super().__init__("waitlist-entry", entry_id)
