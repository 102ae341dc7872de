"""The tenancy unit of work: one transaction, its repositories, and the outbox."""

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.tenancy.adapters.lease_repository import LeaseRepository
from services.tenancy.adapters.plan_repository import PlanRepository
from services.tenancy.adapters.tables import frame_tables
from services.tenancy.adapters.tenant_repository import TenantRepository
from services.tenancy.adapters.unit_repository import UnitRepository
from shared.domain.aggregate import Aggregate
from shared.persistence.unit_of_work import UnitOfWork

SOURCE = "/bitc/tenancy"


class TenancyUnitOfWork(UnitOfWork):
    tenants: TenantRepository
    plans: PlanRepository
    units: UnitRepository
    leases: LeaseRepository

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(engine, source=SOURCE, tables=frame_tables)

    def _open_repositories(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        self.tenants = TenantRepository(connection, seen)
        self.plans = PlanRepository(connection, seen)
        self.units = UnitRepository(connection, seen)
        self.leases = LeaseRepository(connection, seen)
