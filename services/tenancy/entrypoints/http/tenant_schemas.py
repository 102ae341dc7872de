"""What the tenant endpoints accept and answer (their OpenAPI schema)."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from contracts.tenancy import Language, OffboardingReason, SuspensionReason, TenantKind
from services.tenancy.domain.tax_id import NPWP_PATTERN
from services.tenancy.domain.tenant_status import TenantStatus
from shared.http.email_address import EmailAddress
from shared.http.request_bodies import RequestBody

Name = Annotated[str, Field(min_length=1, max_length=200)]
Note = Annotated[str | None, Field(max_length=1000, description="Why, in staff's words")]
# The pattern is published, the domain enforces it (422 `invalid-tax-id`, not a bare mismatch).
Npwp = Annotated[
    str,
    Field(max_length=32),
    WithJsonSchema({"type": "string", "pattern": NPWP_PATTERN}),
]
TaxId = Annotated[
    Npwp | None,
    Field(description="NPWP: 15 digits (01.234.567.8-901.000) or 16 digits"),
]
Sponsor = Annotated[
    str | None,
    Field(
        max_length=200,
        description="Communities only: the city agency that sponsors them",
        examples=["Dispudpar Kota Cimahi"],
    ),
]


class ContactIn(RequestBody):
    name: Name
    email: EmailAddress
    phone: Annotated[
        str | None,
        Field(
            max_length=32,
            description="WhatsApp number; Indonesian numbers may "
            "be local: 0812…; stored as E.164 (+62812…)",
        ),
    ] = None
    language: Language = Language.INDONESIAN


class TenantRegistration(RequestBody):
    kind: TenantKind
    display_name: Name
    plan_code: Annotated[str, Field(examples=["community", "coworking-flex", "office-tenant"])]
    contact: ContactIn
    tax_id: TaxId = None
    sponsor_agency: Sponsor = None


class TenantUpdate(RequestBody):
    """Only the fields sent change; a new contact is published to notifications."""

    display_name: Name | None = None
    contact: ContactIn | None = None
    tax_id: TaxId = None
    sponsor_agency: Sponsor = None


class Activation(RequestBody):
    note: Note = None


class Reinstatement(RequestBody):
    note: Note = None


class Suspension(RequestBody):
    reason: SuspensionReason


class Offboarding(RequestBody):
    reason: Annotated[OffboardingReason, Field(description="`graduated`: moved to its own office")]


class PlanChange(RequestBody):
    plan_code: str


class ContactOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    email: str
    phone: str | None
    language: Language


class TenantOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: TenantKind
    display_name: str
    plan_code: str
    status: TenantStatus
    contact: ContactOut
    tax_id: str | None
    sponsor_agency: str | None
    registered_at: datetime
    activated_at: datetime | None
    offboarding_reason: OffboardingReason | None
    personal_data_erased_at: datetime | None


class TransitionOut(BaseModel):
    # Read from a Transition with model_validate.
    model_config = ConfigDict(from_attributes=True)

    action: str
    from_status: TenantStatus | None
    to_status: TenantStatus
    actor: str
    reason: str | None
    occurred_at: datetime = Field(validation_alias="at")
