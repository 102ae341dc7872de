"""The booking rules of a space: its type's defaults, overridden per space where staff say so.

Every check raises BookingRuleBroken with the slug of the rule it enforces, so an API client (and
a series listing skipped occurrences) can say exactly which rule a request broke.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any

from services.booking.domain.errors import BookingRuleBroken
from services.booking.domain.local_time import WIB
from services.booking.domain.period import Period

ALL_KINDS = ("startup", "company", "community", "individual")


@dataclass(frozen=True)
class BookingRules:
    min_duration_min: int = 30
    max_duration_min: int = 720
    granularity_min: int = 30
    min_lead_min: int = 0
    max_days_ahead: int = 90
    buffer_before_min: int = 0
    buffer_after_min: int = 0
    allowed_kinds: tuple[str, ...] = ALL_KINDS
    approval_kinds: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "BookingRules":
        return cls().overridden_by(data)

    def overridden_by(self, override: Mapping[str, Any]) -> "BookingRules":
        """These rules with the fields a space's override sets (unset fields are inherited)."""
        overridden = {
            key: tuple(value) if isinstance(value, list) else value
            for key, value in override.items()
            if value is not None and key in _RULE_NAMES
        }
        return replace(self, **overridden)

    def to_json(self) -> dict[str, Any]:
        return {key: list(v) if isinstance(v, tuple) else v for key, v in asdict(self).items()}

    @property
    def buffer_before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_min)

    @property
    def buffer_after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_min)

    def needs_approval(self, tenant_kind: str) -> bool:
        return tenant_kind in self.approval_kinds

    def check(
        self, period: Period, *, tenant_kind: str, attendees: int, capacity: int, now: datetime
    ) -> None:
        """Raises BookingRuleBroken naming the first rule the request breaks."""
        if tenant_kind not in self.allowed_kinds:
            raise BookingRuleBroken(
                "tenant-kind-not-allowed",
                f"{tenant_kind} tenants may not book this space",
                allowed_kinds=list(self.allowed_kinds),
            )
        if attendees > capacity:
            raise BookingRuleBroken(
                "over-capacity", f"the space holds at most {capacity} people", capacity=capacity
            )
        minutes = period.duration / timedelta(minutes=1)
        if minutes < self.min_duration_min:
            raise BookingRuleBroken(
                "duration-too-short",
                f"book at least {self.min_duration_min} minutes",
                min_duration_min=self.min_duration_min,
            )
        if minutes > self.max_duration_min:
            raise BookingRuleBroken(
                "duration-too-long",
                f"book at most {self.max_duration_min} minutes",
                max_duration_min=self.max_duration_min,
            )
        if not (_on_grid(period.starts_at, self.granularity_min)) or not _on_grid(
            period.ends_at, self.granularity_min
        ):
            raise BookingRuleBroken(
                "off-slot-grid",
                f"start and end must fall on {self.granularity_min}-minute slots",
                granularity_min=self.granularity_min,
            )
        if period.starts_at < now:
            raise BookingRuleBroken("period-in-past", "a booking cannot start in the past")
        if period.starts_at < now + timedelta(minutes=self.min_lead_min):
            raise BookingRuleBroken(
                "lead-time",
                f"book at least {self.min_lead_min} minutes ahead",
                min_lead_min=self.min_lead_min,
            )
        if period.starts_at > now + timedelta(days=self.max_days_ahead):
            raise BookingRuleBroken(
                "too-far-ahead",
                f"book at most {self.max_days_ahead} days ahead",
                max_days_ahead=self.max_days_ahead,
            )


_RULE_NAMES = frozenset(field.name for field in fields(BookingRules))


def _on_grid(instant: datetime, granularity_min: int) -> bool:
    # Slots count from local midnight, so a 30-minute grid means :00 and :30 in WIB.
    local = instant.astimezone(WIB)
    minute_of_day = local.hour * 60 + local.minute
    return local.second == 0 and local.microsecond == 0 and minute_of_day % granularity_min == 0
