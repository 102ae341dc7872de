"""What the tenancy HTTP API accepts and answers (its OpenAPI schema)."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from contracts.tenancy import Language, TenantKind
from services.tenancy.domain.tenant import Tenant, TenantStatus


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: EmailStr
    phone: Annotated[
        str | None, Field(max_length=32, description="Indonesian numbers may be local: 0812…")
    ] = None
    language: Language = Language.INDONESIAN


class TenantRegistration(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: TenantKind
    display_name: Annotated[str, Field(min_length=1, max_length=200)]
    plan_code: Annotated[str, Field(examples=["community", "coworking-flex", "office-tenant"])]
    contact: ContactIn


class ContactOut(BaseModel):
    name: str
    email: str
    phone: str | None
    language: Language


class TenantOut(BaseModel):
    id: uuid.UUID
    kind: TenantKind
    display_name: str
    plan_code: str
    status: TenantStatus
    contact: ContactOut
    registered_at: datetime
    activated_at: datetime | None

    @classmethod
    def of(cls, tenant: Tenant) -> "TenantOut":
        contact = tenant.contact
        return cls(
            id=tenant.id,
            kind=tenant.kind,
            display_name=tenant.display_name,
            plan_code=tenant.plan_code,
            status=tenant.status,
            contact=ContactOut(
                name=contact.name,
                email=contact.email,
                phone=contact.phone,
                language=contact.language,
            ),
            registered_at=tenant.registered_at,
            activated_at=tenant.activated_at,
        )
