"""Domain and use-case errors as problem+json, with slugs clients can match on."""

import contextlib
from collections.abc import Iterator

from services.tenancy.domain.contact import InvalidPhoneNumber
from services.tenancy.domain.errors import Conflict, DomainRuleBroken, StateConflict
from services.tenancy.service_layer.lookups import NotFound
from shared.http.problems import Problem


@contextlib.contextmanager
def as_problems() -> Iterator[None]:
    """Wraps a route's call into the service layer."""
    try:
        yield
    except NotFound as exc:
        raise Problem(
            404,
            f"{exc.what}-not-found",
            f"No such {exc.what}",
            str(exc),
            **{f"{exc.what}_id": exc.ident},
        ) from exc
    except StateConflict as exc:
        raise Problem(
            409,
            exc.slug,
            f"The {exc.what} is not in a state that allows this",
            str(exc),
            action=exc.action,
            current_state=exc.current.value,
        ) from exc
    except Conflict as exc:
        raise Problem(409, exc.slug, "This conflicts with what already exists", str(exc)) from exc
    except InvalidPhoneNumber as exc:
        raise Problem(
            422, "invalid-phone-number", "The phone number is not valid", str(exc)
        ) from exc
    except DomainRuleBroken as exc:
        raise Problem(422, exc.slug, "The request breaks a rule", str(exc)) from exc
