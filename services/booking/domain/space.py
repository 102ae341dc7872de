"""Bookable spaces of BITC and Cimahi Techno Park."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

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
        space.record(
            SpaceCreated(
                space_id=space.id,
                site=space.site,
                code=space.code,
                occurred_at=now,
                title=space.name,
                type=space.type,
                capacity=space.capacity,
            )
        )
        return space

    def update(self, *, now: datetime, **changes: object) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        self.record(
            SpaceUpdated(
                space_id=self.id,
                site=self.site,
                code=self.code,
                occurred_at=now,
                title=self.name,
                type=self.type,
                capacity=self.capacity,
                active=self.active,
            )
        )
