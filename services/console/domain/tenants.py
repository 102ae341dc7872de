"""What the staff's tenant pages decide without asking anyone: which lifecycle actions a tenant's
status allows (tenancy's own rules, so the page offers only buttons that can work), when an
erasure counts as confirmed, and which form fields a refused registration points at.

The names are English msgids, translated when the page is drawn (translations/*/tenants.po)."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from contracts.tenancy import OffboardingReason, SuspensionReason, TenantKind

STATUS_NAMES: dict[str, str] = {
    "applied": "Applied",
    "active": "Active",
    "suspended": "Suspended",
    "offboarded": "Offboarded",
}
KIND_NAMES: dict[str, str] = {
    TenantKind.STARTUP: "Startup",
    TenantKind.COMPANY: "Company",
    TenantKind.COMMUNITY: "Community",
    TenantKind.INDIVIDUAL: "Individual",
}
SUSPENSION_REASONS: dict[str, str] = {
    SuspensionReason.PAYMENT_OVERDUE: "Payment overdue",
    SuspensionReason.RULE_VIOLATION: "House rules broken",
    SuspensionReason.REQUESTED_BY_TENANT: "Asked for by the tenant",
    SuspensionReason.OTHER: "Another reason",
}
OFFBOARDING_REASONS: dict[str, str] = {
    OffboardingReason.GRADUATED: "Graduated (moved to an office of its own)",
    OffboardingReason.TERMINATED: "Terminated by BITC",
    OffboardingReason.LEFT: "Left of its own accord",
}
ACTION_NAMES: dict[str, str] = {
    "register": "Registered",
    "activate": "Activated",
    "suspend": "Suspended",
    "reinstate": "Reinstated",
    "offboard": "Offboarded",
    "change_plan": "Plan changed",
    "update_profile": "Details changed",
    "erase_personal_data": "Personal data erased",
}

#: tenancy's lifecycle (services/tenancy/domain/tenant.py): the actions each status allows.
_ALLOWED: dict[str, tuple[str, ...]] = {
    "applied": ("activate", "offboard"),
    "active": ("suspend", "offboard"),
    "suspended": ("reinstate", "offboard"),
    "offboarded": ("erase",),
}
LIFECYCLE_ACTIONS = ("activate", "suspend", "reinstate", "offboard")


def allowed_actions(status: str, personal_data_erased: bool) -> tuple[str, ...]:
    """The actions the page offers a tenant in ``status``; erasing happens once only."""
    actions = _ALLOWED.get(status, ())
    return tuple(a for a in actions if not (a == "erase" and personal_data_erased))


def erase_confirmed(typed: str, display_name: str) -> bool:
    """Staff typed the tenant's name, ignoring case and spacing: a slip of the finger on the
    wrong tenant's page is caught, a missing capital letter is not a reason to refuse."""

    def plain(text: str) -> str:
        return " ".join(text.split()).casefold()

    return bool(plain(typed)) and plain(typed) == plain(display_name)


@dataclass(frozen=True)
class Registration:
    """The register form as typed; ``body()`` is what tenancy's POST /tenants takes."""

    kind: str = ""
    display_name: str = ""
    plan_code: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    sponsor_agency: str = ""

    @classmethod
    def of(cls, form: Mapping[str, Any]) -> "Registration":
        """The fields of a posted form; anything else in it (its CSRF token) is left out."""
        return cls(**{name: str(form.get(name) or "") for name in cls.__dataclass_fields__})

    def body(self) -> dict[str, Any]:
        contact = {"name": self.contact_name.strip(), "email": self.contact_email.strip()}
        if self.contact_phone.strip():
            contact["phone"] = self.contact_phone.strip()
        body = {
            "kind": self.kind,
            "display_name": self.display_name.strip(),
            "plan_code": self.plan_code,
            "contact": contact,
        }
        if self.sponsor_agency.strip():
            body["sponsor_agency"] = self.sponsor_agency.strip()
        return body


#: Where in the request body tenancy found a problem -> the form field showing it.
_FIELD_OF_LOCATION = {
    ("kind",): "kind",
    ("display_name",): "display_name",
    ("plan_code",): "plan_code",
    ("contact", "name"): "contact_name",
    ("contact", "email"): "contact_email",
    ("contact", "phone"): "contact_phone",
    ("sponsor_agency",): "sponsor_agency",
}
#: tenancy's rule problems that are about one field.
_FIELD_OF_CODE = {
    "invalid-phone-number": "contact_phone",
    "sponsor-not-allowed": "sponsor_agency",
    "unknown-plan": "plan_code",
}
_INDEX = re.compile(r"^\d+$")


def refused_fields(code: str | None, body: Mapping[str, Any]) -> set[str]:
    """The form fields a refused registration points at, from the problem's code or its
    ``errors`` (``location`` like ``["body", "contact", "email"]``)."""
    fields = {_FIELD_OF_CODE[code]} if code in _FIELD_OF_CODE else set()
    errors = body.get("errors")
    for error in errors if isinstance(errors, list) else ():
        location = error.get("location") if isinstance(error, Mapping) else None
        if isinstance(location, list):
            fields.update(_fields_at(location))
    return fields


def _fields_at(location: Iterable[object]) -> set[str]:
    path = tuple(str(p) for p in location if not _INDEX.match(str(p)))
    path = path[1:] if path[:1] == ("body",) else path
    for length in range(len(path), 0, -1):
        if path[:length] in _FIELD_OF_LOCATION:
            return {_FIELD_OF_LOCATION[path[:length]]}
    return set()
