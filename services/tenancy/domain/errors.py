"""Tenancy's own kinds of the shared error vocabulary (docs/architecture.md, "Errors"); each
slug is the problem `type` clients match on."""

from shared.domain.errors import IllegalTransition, RuleBroken


class InvalidTaxId(RuleBroken):
    slug = "invalid-tax-id"


class SponsorNotAllowed(RuleBroken):
    slug = "sponsor-not-allowed"


class InvalidLeaseTerms(RuleBroken):
    slug = "invalid-lease-terms"


# Also a ValueError, so generic validation (a pydantic validator) that normalises a number
# catches it as it would any malformed value.
class InvalidPhoneNumber(RuleBroken, ValueError):
    slug = "invalid-phone-number"


class StateConflict(IllegalTransition):
    """An action a unit's or lease's state (or, for a lease, its tenant's) does not allow; the
    tenant's own lifecycle steps raise the shared ``IllegalTransition``."""

    slug = "state-conflict"
