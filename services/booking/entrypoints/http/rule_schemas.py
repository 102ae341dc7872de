"""What the booking HTTP API accepts and answers about booking rules."""

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from services.booking.domain.rules import ALL_KINDS, BookingRules
from shared.http.request_bodies import RequestBody

Kind = Annotated[str, StringConstraints(pattern="^(" + "|".join(ALL_KINDS) + ")$")]


class RulesModel(RequestBody):
    """Durations and lead time in minutes; every field optional in a space's override."""

    min_duration_min: int | None = Field(default=None, ge=15, le=720)
    max_duration_min: int | None = Field(default=None, ge=15, le=720)
    granularity_min: int | None = Field(default=None, ge=5, le=240)
    min_lead_min: int | None = Field(default=None, ge=0, le=60 * 24 * 30)
    max_days_ahead: int | None = Field(default=None, ge=1, le=730)
    buffer_before_min: int | None = Field(default=None, ge=0, le=240)
    buffer_after_min: int | None = Field(default=None, ge=0, le=240)
    allowed_kinds: list[Kind] | None = None
    approval_kinds: list[Kind] | None = None

    def as_override(self) -> dict[str, object]:
        return self.model_dump(exclude_none=True)

    @classmethod
    def of(cls, rules: BookingRules) -> "RulesModel":
        return cls.model_validate(rules.to_json())


class SpaceRulesOut(BaseModel):
    overrides: RulesModel
    effective: RulesModel

    @classmethod
    def of(cls, overrides: dict[str, Any], effective: BookingRules) -> "SpaceRulesOut":
        return cls(overrides=RulesModel(**overrides), effective=RulesModel.of(effective))
