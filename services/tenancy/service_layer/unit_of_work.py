from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.tenancy.adapters.tables import idempotency_keys, inbox, outbox
from services.tenancy.adapters.tenant_repository import TenantRepository
from shared.domain import Aggregate
from shared.unit_of_work import UnitOfWork

SOURCE = "/bitc/tenancy"


class TenancyUnitOfWork(UnitOfWork):
    tenants: TenantRepository

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(
            engine, source=SOURCE, outbox=outbox, inbox=inbox, idempotency_keys=idempotency_keys
        )

    def _open_repositories(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        self.tenants = TenantRepository(connection, seen)
