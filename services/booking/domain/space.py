"""Bookable spaces of BITC and Cimahi Techno Park."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contracts.booking import Site, SpaceCreated, SpaceType, SpaceUpdated
from services.booking.domain.opening_hours import OpeningHours
from shared.domain.aggregate import Aggregate


@dataclass(kw_only=True)
class Space(Aggregate):
    id: uuid.UUID
    site: Site
    code: str
    name: str
    type: SpaceType
    capacity: int
    active: bool
    amenities: tuple[str, ...] = ()
    opening_hours: OpeningHours = field(default_factory=OpeningHours)

    @classmethod
    def create(cls, *, now: datetime, **attributes: object) -> "Space":
        space = cls(id=uuid.uuid4(), **attributes)  # type: ignore[arg-type]
        space.record(SpaceCreated(**space._announced(now)))
        return space

    def update(self, *, now: datetime, **changes: object) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        self.record(SpaceUpdated(**self._announced(now), active=self.active))

    def _announced(self, now: datetime) -> dict[str, Any]:
        """What space.created and space.updated both tell about the space."""
        return {
            "space_id": self.id,
            "site": self.site,
            "code": self.code,
            "occurred_at": now,
            "title": self.name,
            "type": self.type,
            "capacity": self.capacity,
        }
