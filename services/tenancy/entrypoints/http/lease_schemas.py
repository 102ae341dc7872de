"""What the lease endpoints accept and answer."""

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from contracts.tenancy import Site
from services.tenancy.domain.lease import LeaseState
from shared.http.request_bodies import RequestBody

#: Far above any rent or fee, far below the bigint columns amounts are kept in.
MAX_RUPIAH = 10**15
Money = Annotated[int, Field(ge=0, le=MAX_RUPIAH, description="Rupiah")]


class LeaseIn(RequestBody):
    tenant_id: uuid.UUID
    unit_id: uuid.UUID
    starts_on: date
    ends_on: Annotated[
        date,
        Field(
            description="The last day of the lease; after starts_on (else 422 "
            "`invalid-lease-terms`)"
        ),
    ]
    monthly_rent_idr: Annotated[Money | None, Field(description="Defaults to the unit's rate")] = (
        None
    )
    deposit_idr: Money = 0


class Renewal(RequestBody):
    ends_on: Annotated[
        date,
        Field(
            description="The new last day; later than the current one (else 422 "
            "`invalid-lease-terms`)"
        ),
    ]
    monthly_rent_idr: Annotated[Money | None, Field(description="Unchanged when omitted")] = None


class Termination(RequestBody):
    notice_given_on: date
    ends_on: Annotated[
        date,
        Field(
            description="The last day the unit is leased: from notice_given_on up to the "
            "lease's current end (else 422 `invalid-lease-terms`)"
        ),
    ]


class LeaseOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    tenant_id: uuid.UUID
    unit_id: uuid.UUID
    site: Site
    starts_on: date
    ends_on: date
    monthly_rent_idr: int
    deposit_idr: int
    state: LeaseState
    created_at: datetime
    signed_at: datetime | None
    notice_given_on: date | None
