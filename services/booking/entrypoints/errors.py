"""Domain and lookup errors as problem+json: the slug of the broken rule is in `type` and `rule`."""

import contextlib
from collections.abc import Iterator

from services.booking.adapters.booking_repository import BookingConflict
from services.booking.domain.rejections import BookingRejected
from services.booking.entrypoints.schemas import PeriodOut
from services.booking.service_layer.closures import ClosureNotFound
from services.booking.service_layer.lookups import BookingNotFound, SpaceNotFound, UnknownTenant
from services.booking.service_layer.series import SeriesNotFound
from services.booking.service_layer.waitlist import EntryNotFound
from shared.http.problems import Problem

#: Rules whose breach is about the state of things rather than the request itself.
_CONFLICT_RULES = {"tenant-not-active", "illegal-transition", "space-code-taken"}

_NOT_FOUND = {
    BookingNotFound: ("booking-not-found", "No such booking"),
    ClosureNotFound: ("closure-not-found", "No such closure"),
    SeriesNotFound: ("series-not-found", "No such series"),
    EntryNotFound: ("waitlist-entry-not-found", "No such waitlist entry"),
}


@contextlib.contextmanager
def as_problems(*, ids_in_body: bool = False) -> Iterator[None]:
    """Runs a use case, turning what it raises into the problem the client is owed.

    A space or tenant named in a request body that does not exist is a 422 (the body is
    wrong); one in the URL path is a 404.
    """
    try:
        yield
    except BookingRejected as exc:
        status = 409 if exc.rule in _CONFLICT_RULES else 422
        raise Problem(
            status,
            exc.rule,
            "The request breaks a booking rule",
            str(exc),
            rule=exc.rule,
            **exc.details,
        ) from exc
    except BookingConflict as exc:
        taken = PeriodOut.of(exc.taken).model_dump(mode="json") if exc.taken else None
        raise Problem(
            409,
            "booking-conflict",
            "The space is already booked over that period",
            str(exc),
            rule="booking-conflict",
            conflicting_period=taken,
        ) from exc
    except SpaceNotFound as exc:
        status, slug = (422, "unknown-space") if ids_in_body else (404, "space-not-found")
        raise Problem(status, slug, "No such space", f"no space {exc.args[0]}") from exc
    except UnknownTenant as exc:
        status, slug = (422, "unknown-tenant") if ids_in_body else (404, "tenant-not-found")
        detail = f"no tenant {exc.args[0]} is known to booking"
        raise Problem(status, slug, "No such tenant", detail) from exc
    except (BookingNotFound, ClosureNotFound, SeriesNotFound, EntryNotFound) as exc:
        slug, title = _NOT_FOUND[type(exc)]
        raise Problem(404, slug, title, f"{title.lower()} {exc.args[0]}") from exc
