"""What a tenant's contact wants: the channels per category, opt-outs and quiet hours."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from contracts.notifications import Channel
from services.notifications.domain.categories import Category
from services.notifications.domain.errors import InvalidPreferences
from services.notifications.domain.quiet_hours import QuietHours

#: A tenant may opt out of these; everything else concerns its rights or money and always goes.
NON_ESSENTIAL = frozenset({Category.BOOKING_REMINDER, Category.QUOTA_EXHAUSTED})
PERSONAL_CHANNELS = frozenset({Channel.EMAIL, Channel.WHATSAPP, Channel.SMS})
PHONE_CHANNELS = frozenset({Channel.WHATSAPP, Channel.SMS})
DEFAULT_CHANNELS = (Channel.EMAIL,)


@dataclass(frozen=True)
class Preferences:
    tenant_id: uuid.UUID
    channels: Mapping[Category, tuple[Channel, ...]] = field(default_factory=dict)
    opted_out: frozenset[Category] = frozenset()
    #: None: the service-wide quiet hours apply.
    quiet_hours: QuietHours | None = None

    def __post_init__(self) -> None:
        essential = self.opted_out - NON_ESSENTIAL
        if essential:
            names = ", ".join(sorted(essential))
            raise InvalidPreferences(f"these messages cannot be turned off: {names}")
        for category, chosen in self.channels.items():
            if not chosen or not set(chosen) <= PERSONAL_CHANNELS:
                raise InvalidPreferences(f"{category}: choose one or more of email, whatsapp, sms")

    def channels_for(self, category: Category, *, has_phone: bool) -> tuple[Channel, ...]:
        """The channels to use; none when opted out. Without a phone, e-mail stands in."""
        if category in self.opted_out:
            return ()
        chosen = self.channels.get(category, DEFAULT_CHANNELS)
        if not has_phone:
            chosen = tuple(Channel.EMAIL if c in PHONE_CHANNELS else c for c in chosen)
        return tuple(dict.fromkeys(chosen))
