"""What the console tells a person when a service refuses: one sentence per problem code the
services answer (their ``urn:bitc:problem:<code>``), else one per HTTP status. The sentences
are English msgids, translated (translations/<lang>/problems.po) when the page is drawn."""

#: Problem codes of shared/domain/errors.py, shared/http and the services' domain errors.
BY_CODE: dict[str, str] = {
    "booking-conflict": "Someone else has booked this space at that time. "
    "Please pick another slot.",
    "space-closed": "The space is closed at that time.",
    "over-quota": "Your tenant has used up this month's quota for this kind of space.",
    "outside-opening-hours": "The space is not open at that time.",
    "over-capacity": "The space holds fewer people than that.",
    # Booking says so while it has not yet heard of a new tenant; tenancy for an id it never had.
    "unknown-tenant": "This tenant is not known (yet). If it was just registered, please try "
    "again in a minute; otherwise pick one from the list.",
    "booking-not-found": "This booking does not exist, or it is not your tenant's.",
    "series-not-found": "This series does not exist, or it is not your tenant's.",
    "waitlist-entry-not-found": "This waitlist place does not exist, or it is not your tenant's.",
    "not-found": "This does not exist, or it is not yours to see.",
    "calendar-links-disabled": "Calendar links are not offered on this server.",
    "off-slot-grid": "Please pick one of the offered slots.",
    "duration-too-short": "The booking is shorter than this space allows.",
    "duration-too-long": "The booking is longer than this space allows.",
    "lead-time": "This space must be booked further in advance.",
    "too-far-ahead": "This space cannot be booked that far ahead yet.",
    "tenant-kind-not-allowed": "Your kind of tenant may not book this space.",
    "tenant-not-active": "Your tenant is not active, so it cannot book now.",
    "space-inactive": "This space is no longer offered.",
    "period-in-past": "That time has already passed.",
    "period-empty": "The end must be after the start.",
    "period-too-long": "That period is too long.",
    "range-invalid": "That range of dates cannot be shown.",
    "check-in-too-early": "Check-in opens shortly before the booking starts.",
    "check-in-too-late": "It is too late to check in for this booking.",
    "series-too-long": "The series has too many dates.",
    "series-bounds": "The series' last date must be after its first.",
    "illegal-transition": "This cannot be done in its current state.",
    "state-conflict": "This was changed meanwhile. Please reload the page and try again.",
    "space-code-taken": "A space with this code exists already.",
    "unit-code-taken": "A unit with this code exists already.",
    "plan-code-taken": "A plan with this code exists already.",
    "lease-overlap": "The unit is already leased for part of that period.",
    "invalid-lease-terms": "The lease terms are not valid.",
    "unknown-plan": "There is no such plan. Please pick one from the list.",
    "unknown-unit": "There is no such unit. Please pick one from the list.",
    "invalid-tax-id": "The tax id (NPWP) is not valid.",
    "invalid-phone-number": "The phone number is not valid.",
    "invalid-preferences": "These preferences cannot be saved.",
    "invalid-webhook-target": "That address cannot receive notifications.",
    "sponsor-not-allowed": "This tenant cannot be sponsored.",
    "forbidden-tenant": "You may act only for your own tenant.",
    "no-tenant": "Your account is not bound to a tenant.",
    "forbidden": "Your role may not do this.",
    "unauthenticated": "Your sign-in has expired. Please sign in again.",
    "invalid-request": "Some of what was filled in is not valid. Please check the form.",
}

BY_STATUS: dict[int, str] = {
    400: "The request could not be understood. Please check the form.",
    401: "Your sign-in has expired. Please sign in again.",
    403: "You may not do this.",
    404: "This no longer exists.",
    409: "This clashes with something that changed meanwhile. Please try again.",
    422: "This cannot be done as filled in. Please check the form.",
    429: "Too many requests at once. Please wait a moment and try again.",
}
SERVICE_UNAVAILABLE = "The service is not answering right now. Please try again shortly."
UNKNOWN = "Something went wrong. Please try again."


def sentence_for(status: int, code: str | None) -> str:
    """The msgid for a refusal: by its code, else its status, else a server-side failure."""
    if code in BY_CODE:
        return BY_CODE[code]
    if status in BY_STATUS:
        return BY_STATUS[status]
    return SERVICE_UNAVAILABLE if status >= 500 else UNKNOWN


def all_sentences() -> set[str]:
    """Every msgid above, so a test can hold the translations to them."""
    return {*BY_CODE.values(), *BY_STATUS.values(), SERVICE_UNAVAILABLE, UNKNOWN}
