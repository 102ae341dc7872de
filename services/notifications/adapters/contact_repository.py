"""The tenant contacts replicated from the private contacts topic (the only source of addresses)."""

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from services.notifications.adapters.tables import contacts
from shared.domain.aggregate import Aggregate
from shared.persistence.asyncpg_statements import AsyncpgStatement
from shared.persistence.unit_of_work import SqlRepository


@dataclass(frozen=True)
class Contact:
    tenant_id: uuid.UUID
    display_name: str
    contact_name: str
    email: str
    phone: str | None
    language: str


# Built once, run on the driver: read for every message planned.
_OF_TENANTS = AsyncpgStatement(
    sa.select(contacts).where(
        contacts.c.tenant_id == sa.func.any(sa.bindparam("tenant_ids", type_=ARRAY(sa.Uuid)))
    )
)


class ContactRepository(SqlRepository):
    def __init__(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        super().__init__(connection, seen)
        # Read once per unit of work: a consumer's batch plans many messages for one tenant.
        # None: the tenant has no contact (yet).
        self._read: dict[uuid.UUID, Contact | None] = {}

    async def put(self, contact: Contact, now: datetime) -> None:
        values = {
            "display_name": contact.display_name,
            "contact_name": contact.contact_name,
            "email": contact.email,
            "phone": contact.phone,
            "language": contact.language,
            "updated_at": now,
        }
        await self._upsert(contacts, {"tenant_id": contact.tenant_id}, values)
        self._read.pop(contact.tenant_id, None)

    async def erase(self, tenant_id: uuid.UUID) -> None:
        await self.connection.execute(contacts.delete().where(contacts.c.tenant_id == tenant_id))
        self._read[tenant_id] = None

    async def get(self, tenant_id: uuid.UUID) -> Contact | None:
        if tenant_id not in self._read:
            found = await self.get_many([tenant_id])
            self._read[tenant_id] = found.get(tenant_id)
        return self._read[tenant_id]

    async def get_many(self, tenant_ids: list[uuid.UUID]) -> dict[uuid.UUID, Contact]:
        rows = await _OF_TENANTS.fetch(self.driver, tenant_ids=tenant_ids)
        return {
            r["tenant_id"]: Contact(
                tenant_id=r["tenant_id"],
                display_name=r["display_name"],
                contact_name=r["contact_name"],
                email=r["email"],
                phone=r["phone"],
                language=r["language"],
            )
            for r in rows
        }
