"""The audit log page: which service's log, and the filters every service's ``GET /audit``
takes, read from the page's address; days are whole days on the sites' wall clock (WIB)."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from services.console.domain.formatting import WIB, in_wib

#: Every service keeps its own log (English msgids of their names, translated in audit.po).
SERVICES: dict[str, str] = {
    "tenancy": "Tenants and leases",
    "booking": "Bookings and spaces",
    "notifications": "Notifications",
}
DEFAULT_SERVICE = "tenancy"
FIELD_LIMITS = {"actor": 200, "action": 100, "target_id": 200}


@dataclass(frozen=True)
class AuditFilter:
    service: str = DEFAULT_SERVICE
    actor: str = ""
    action: str = ""
    target_id: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, asked: Mapping[str, str]) -> "AuditFilter":
        """The page's query; an unknown service is the first one, a bad day is no bound."""
        service = asked.get("service", "")
        texts = {name: asked.get(name, "").strip()[:limit] for name, limit in FIELD_LIMITS.items()}
        return cls(
            service=service if service in SERVICES else DEFAULT_SERVICE,
            since=_day(asked.get("since", "")),
            until=_day(asked.get("until", "")),
            **texts,
        )

    def as_query(self) -> dict[str, str]:
        """For the page's own links (``service`` and the filters as typed)."""
        fields = {
            "service": self.service,
            "actor": self.actor,
            "action": self.action,
            "target_id": self.target_id,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
        }
        return {name: value for name, value in fields.items() if value}

    def api_params(self) -> dict[str, str]:
        """What ``GET /audit`` takes: ``until`` is the end of that day (exclusive)."""
        params = {
            name: value
            for name, value in (
                ("actor", self.actor),
                ("action", self.action),
                ("target_id", self.target_id),
            )
            if value
        }
        if self.since:
            params["since"] = datetime.combine(self.since, time(0), WIB).isoformat()
        if self.until:
            end = datetime.combine(self.until + timedelta(days=1), time(0), WIB)
            params["until"] = end.isoformat()
        return params


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class AuditRow:
    occurred_at: datetime
    actor: str
    action: str
    target: str
    reason: str | None
    details: str


def audit_rows(entries: list[Mapping[str, Any]]) -> list[AuditRow]:
    return [
        AuditRow(
            occurred_at=in_wib(datetime.fromisoformat(e["occurred_at"])),
            actor=e["actor"],
            action=e["action"],
            target=f"{e['target_type']} {e['target_id']}",
            reason=e.get("reason"),
            details=json.dumps(e.get("details") or {}, ensure_ascii=False, sort_keys=True),
        )
        for e in entries
    ]
