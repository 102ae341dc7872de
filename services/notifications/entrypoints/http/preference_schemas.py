"""A tenant's preferences as the API reads and writes them."""

import enum
import uuid
from datetime import time
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from contracts.notifications import Channel
from services.notifications.domain.categories import Category
from services.notifications.domain.preferences import (
    NON_ESSENTIAL,
    PERSONAL_CHANNELS,
    Preferences,
)
from services.notifications.domain.quiet_hours import QuietHours
from shared.http.request_bodies import RequestBody


class QuietHoursIn(RequestBody):
    start: time = Field(description="Asia/Jakarta, e.g. 21:00")
    end: time = Field(description="Asia/Jakarta, e.g. 07:00")


def _enum_of(members: frozenset[str], order: type[enum.StrEnum]) -> dict[str, Any]:
    return {"type": "string", "enum": [m.value for m in order if m in members]}


# The published enums name only what the domain keeps (no webhook channel, no opting out of
# essential messages); the domain refuses the rest with 422 `invalid-preferences`.
ChosenChannels = Annotated[
    list[Channel],
    WithJsonSchema({"type": "array", "items": _enum_of(PERSONAL_CHANNELS, Channel), "minItems": 1}),
]
OptedOut = Annotated[
    list[Category],
    WithJsonSchema({"type": "array", "items": _enum_of(NON_ESSENTIAL, Category)}),
]


class PreferencesBody(RequestBody):
    channels: dict[Category, ChosenChannels] = Field(
        default_factory=dict, description="Per category; unlisted categories go by e-mail"
    )
    opted_out: OptedOut = Field(
        default_factory=list, description="Only booking_reminder and quota_exhausted"
    )
    quiet_hours: QuietHoursIn | None = Field(
        default=None, description="WhatsApp/SMS held during these hours; null: the default"
    )

    @classmethod
    def of(cls, prefs: Preferences) -> "PreferencesBody":
        quiet = prefs.quiet_hours
        return cls(
            channels={c: list(chosen) for c, chosen in prefs.channels.items()},
            opted_out=sorted(prefs.opted_out),
            quiet_hours=QuietHoursIn(start=quiet.start, end=quiet.end) if quiet else None,
        )

    def preferences(self, tenant_id: uuid.UUID) -> Preferences:
        """The domain's preferences; InvalidPreferences for what it does not keep."""
        quiet = self.quiet_hours
        return Preferences(
            tenant_id,
            channels={c: tuple(chosen) for c, chosen in self.channels.items()},
            opted_out=frozenset(self.opted_out),
            quiet_hours=QuietHours(quiet.start, quiet.end) if quiet else None,
        )
