"""What the booking HTTP API accepts and answers about spaces and their availability."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from contracts.booking import Site, SpaceType
from services.booking.domain.opening_hours import WEEKDAYS, OpeningHours
from shared.http.request_bodies import RequestBody

HourMinute = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Hours = dict[Weekday, Annotated[list[HourMinute], Field(min_length=2, max_length=2)]]
HOURS_HELP = (
    "Asia/Jakarta, per weekday (" + ", ".join(WEEKDAYS) + '), e.g. {"tue": ["08:00", "22:00"]}; '
    "each day closes after it opens (else 422 `opening-hours-invalid`)"
)


class SpaceIn(RequestBody):
    site: Site
    code: str = Field(pattern=r"^[A-Z0-9-]{2,40}$")
    name: str = Field(min_length=1, max_length=120)
    type: SpaceType
    capacity: int = Field(gt=0, le=10_000)
    amenities: list[str] = Field(default_factory=list, max_length=50)
    opening_hours: Hours = Field(default_factory=dict, description=HOURS_HELP)
    active: bool = True

    def attributes(self) -> dict[str, object]:
        data = self.model_dump()
        data["amenities"] = tuple(self.amenities)
        data["opening_hours"] = OpeningHours.from_json(self.opening_hours)
        return data


class SpacePatch(RequestBody):
    name: str | None = Field(default=None, min_length=1, max_length=120)
    capacity: int | None = Field(default=None, gt=0, le=10_000)
    amenities: list[str] | None = None
    opening_hours: Hours | None = Field(default=None, description=HOURS_HELP)
    active: bool | None = None

    def changes(self) -> dict[str, object]:
        data = self.model_dump(exclude_unset=True, exclude_none=True)
        if "amenities" in data:
            data["amenities"] = tuple(data["amenities"])
        if "opening_hours" in data:
            data["opening_hours"] = OpeningHours.from_json(data["opening_hours"])
        return data


class SpaceOut(BaseModel):
    # Read from a Space with model_validate.
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    site: Site
    code: str
    name: str
    type: SpaceType
    capacity: int
    active: bool
    amenities: list[str]
    opening_hours: Annotated[dict[str, list[str]], BeforeValidator(OpeningHours.to_json)]


class FreeInterval(BaseModel):
    starts_at: datetime
    ends_at: datetime
