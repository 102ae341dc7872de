from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.booking.adapters.repositories import (
    BookingRepository,
    SpaceRepository,
    TenantStandingRepository,
)
from services.booking.adapters.tables import idempotency_keys, inbox, outbox
from shared.domain import Aggregate
from shared.unit_of_work import UnitOfWork

SOURCE = "/bitc/booking"


class BookingUnitOfWork(UnitOfWork):
    spaces: SpaceRepository
    bookings: BookingRepository
    tenants: TenantStandingRepository

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(
            engine, source=SOURCE, outbox=outbox, inbox=inbox, idempotency_keys=idempotency_keys
        )

    def _open_repositories(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        self.spaces = SpaceRepository(connection, seen)
        self.bookings = BookingRepository(connection, seen)
        self.tenants = TenantStandingRepository(connection, seen)
