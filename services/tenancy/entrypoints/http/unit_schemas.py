"""What the office unit endpoints accept and answer."""

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.tenancy import Site, UnitStatus
from services.tenancy.entrypoints.http.lease_schemas import MAX_RUPIAH
from shared.http.request_bodies import RequestBody

# Areas are kept to the hundredth of a square metre: anything less would be stored as nothing.
Area = Annotated[float, Field(ge=0.01, le=100_000, description="Floor area in m²")]
Rate = Annotated[int, Field(ge=0, le=MAX_RUPIAH, description="Monthly rate in rupiah")]


class UnitIn(RequestBody):
    site: Site
    code: Annotated[str, Field(min_length=1, max_length=40, examples=["BITC-OF-2.04"])]
    floor: Annotated[int, Field(ge=-5, le=100)]
    area_m2: Area
    monthly_rate_idr: Rate


class UnitEdit(RequestBody):
    """Only the fields sent change. `status` switches between vacant and maintenance; leases
    alone make a unit leased or free it."""

    floor: Annotated[int | None, Field(ge=-5, le=100)] = None
    area_m2: Area | None = None
    monthly_rate_idr: Rate | None = None
    status: Literal[UnitStatus.VACANT, UnitStatus.MAINTENANCE] | None = None


class UnitOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    site: Site
    code: str
    floor: int
    area_m2: float
    monthly_rate_idr: int
    status: UnitStatus
    created_at: datetime
