"""Rule violations the domain raises; the HTTP layer maps each to a stable problem slug."""

import enum


class DomainRuleBroken(ValueError):
    """A request that breaks a rule of the model (answered 422 unless a subclass says 409)."""

    slug = "rule-broken"


class InvalidTaxId(DomainRuleBroken):
    slug = "invalid-tax-id"


class SponsorNotAllowed(DomainRuleBroken):
    slug = "sponsor-not-allowed"


class InvalidLeaseTerms(DomainRuleBroken):
    slug = "invalid-lease-terms"


class Conflict(Exception):
    """A request that clashes with what exists (answered 409)."""

    slug = "conflict"


class StateConflict(Conflict):
    """An action the aggregate's current state does not allow."""

    slug = "state-conflict"

    def __init__(self, what: str, action: str, current: enum.Enum) -> None:
        super().__init__(f"cannot {action} a {what} that is {current.value}")
        self.what = what
        self.action = action
        self.current = current


class IllegalTransition(StateConflict):
    slug = "illegal-transition"

    def __init__(self, action: str, current: enum.Enum, what: str = "tenant") -> None:
        super().__init__(what, action, current)
