"""The files staff can download from the console, each relayed from the service that makes it
(docs/reports.md): which API answers it and which of the page's query parameters it passes on.
Only those are passed on, so a download link can ask the API for nothing its page could not."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Download:
    upstream: Literal["tenancy", "booking", "notifications"]
    path: str
    params: tuple[str, ...]

    def forwarded(self, asked: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        """The parameters of ``asked`` this file takes, repeated ones kept, empty ones left out
        (an empty filter on a list page means "any")."""
        return [(name, value) for name, value in asked if name in self.params and value]


PERIOD = ("month", "from", "to")
#: By the console path after ``/reports/`` or ``/exports/`` (``.csv`` left off).
DOWNLOADS: dict[str, Download] = {
    "reports/sponsors": Download(
        "booking", "/reports/sponsors", (*PERIOD, "sponsor_agency", "site")
    ),
    "reports/utilisation": Download(
        "booking", "/reports/utilisation", (*PERIOD, "site", "space_type", "space_id")
    ),
    "reports/occupancy": Download("tenancy", "/reports/occupancy", (*PERIOD, "site")),
    "reports/admissions": Download("tenancy", "/reports/admissions", PERIOD),
    "exports/bookings": Download(
        "booking",
        "/exports/bookings",
        ("space_id", "site", "tenant_id", "status", "starts_from", "starts_before"),
    ),
    "exports/tenants": Download(
        "tenancy", "/exports/tenants", ("kind", "status", "site", "plan_code", "q")
    ),
    "exports/leases": Download(
        "tenancy", "/exports/leases", ("tenant_id", "unit_id", "state", "ending_within_days")
    ),
    "exports/notifications": Download(
        "notifications",
        "/exports/notifications",
        (
            "tenant_id",
            "recipient",
            "status",
            "channel",
            "category",
            "created_from",
            "created_before",
        ),
    ),
}
