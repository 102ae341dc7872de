"""The one error vocabulary of every service: what a domain model or a use case raises when a
caller's request cannot be done. Four kinds, each answered the same way by every service
(shared/http/problems.py turns them into RFC 9457 problems, in one place):

- ``NotFound``: the thing named does not exist (404);
- ``RuleBroken``: the request breaks a rule of the model (422);
- ``Conflict``: the request clashes with what exists now, e.g. a taken slot (409);
- ``IllegalTransition``: the thing's current state does not allow the action (409).

Each error carries a stable ``slug`` (the problem's ``type`` is ``urn:bitc:problem:<slug>``),
a sentence for people (``detail``) and optional machine-readable ``extensions``. A service
subclasses these for its own rules (e.g. ``class InvalidTaxId(RuleBroken): slug =
"invalid-tax-id"``) or raises them with a slug of the moment; the domain never imports HTTP.
"""

import contextlib
import enum
from collections.abc import Iterator
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of the vocabulary; raise one of the four kinds below, never this."""

    status: ClassVar[int] = 422
    title: ClassVar[str] = "The request cannot be done"
    slug: str = "domain-error"

    def __init__(self, detail: str, *, slug: str | None = None, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        if slug is not None:
            self.slug = slug
        self.extensions = extensions


class NotFound(DomainError):
    """No ``what`` with id ``ident``: slug ``<what>-not-found``, the id as ``<what>_id``."""

    status = 404
    title = "No such thing"

    def __init__(self, what: str, ident: object, detail: str | None = None) -> None:
        super().__init__(
            detail or f"no {what.replace('-', ' ')} {ident}",
            slug=f"{what}-not-found",
            **{f"{what.replace('-', '_')}_id": str(ident)},
        )
        self.what = what
        self.ident = ident


class RuleBroken(DomainError):
    """The request breaks a rule of the model."""

    status = 422
    title = "The request breaks a rule"
    slug = "rule-broken"


class Conflict(DomainError):
    """The request clashes with what exists now."""

    status = 409
    title = "This conflicts with what already exists"
    slug = "conflict"


class IllegalTransition(Conflict):
    """``action`` is not allowed while the ``what`` is in state ``current``."""

    title = "The current state does not allow this"
    slug = "illegal-transition"

    def __init__(
        self,
        what: str,
        action: str,
        current: enum.Enum,
        *,
        slug: str | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(
            f"cannot {action} a {what} that is {current.value}",
            slug=slug,
            action=action,
            current_state=current.value,
            **extensions,
        )
        self.what = what
        self.action = action
        self.current = current


class UnknownReference(RuleBroken):
    """A thing the request body names does not exist: the body is wrong (422 ``unknown-<what>``),
    where the same id in a URL path is a 404 ``<what>-not-found``."""

    def __init__(self, missing: NotFound) -> None:
        super().__init__(missing.detail, slug=f"unknown-{missing.what}")


@contextlib.contextmanager
def referenced() -> Iterator[None]:
    """Around the lookups of what a request body names: their ``NotFound`` is the body's fault."""
    try:
        yield
    except NotFound as exc:
        raise UnknownReference(exc) from exc
