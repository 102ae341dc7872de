"""The booking service's unit of work: one transaction, every repository on it."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from services.booking.adapters.booking_metrics import BookingMetrics
from services.booking.adapters.booking_repository import BookingRepository
from services.booking.adapters.closure_repository import ClosureRepository
from services.booking.adapters.quota_repository import QuotaRepository
from services.booking.adapters.series_repository import SeriesRepository, WaitlistRepository
from services.booking.adapters.space_repository import SpaceRepository
from services.booking.adapters.tables import frame_tables
from services.booking.adapters.tenant_projection_repository import TenantStandingRepository
from shared.domain.aggregate import Aggregate
from shared.messaging.events import DomainEvent
from shared.persistence.unit_of_work import UnitOfWork

SOURCE = "/bitc/booking"


class BookingUnitOfWork(UnitOfWork):
    spaces: SpaceRepository
    bookings: BookingRepository
    tenants: TenantStandingRepository
    closures: ClosureRepository
    quotas: QuotaRepository
    series: SeriesRepository
    waitlist: WaitlistRepository

    def __init__(self, engine: AsyncEngine, metrics: BookingMetrics | None = None) -> None:
        super().__init__(engine, source=SOURCE, tables=frame_tables)
        self._metrics = metrics

    def _committed(self, events: Sequence[DomainEvent]) -> None:
        if self._metrics is not None:
            self._metrics.count(events)

    def _open_repositories(self, connection: AsyncConnection, seen: list[Aggregate]) -> None:
        self.spaces = SpaceRepository(connection, seen)
        self.bookings = BookingRepository(connection, seen)
        self.tenants = TenantStandingRepository(connection, seen)
        self.closures = ClosureRepository(connection, seen)
        self.quotas = QuotaRepository(connection, seen)
        self.series = SeriesRepository(connection, seen)
        self.waitlist = WaitlistRepository(connection, seen)
