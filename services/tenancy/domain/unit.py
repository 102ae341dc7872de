"""Office units: the private offices BITC and Techno Park lease to tenants.

Staff move a unit between vacant and maintenance; only leases make it leased or vacant again.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.tenancy import Site, UnitStatus, UnitStatusChanged
from services.tenancy.domain.errors import StateConflict
from shared.domain.aggregate import Aggregate
from shared.domain.errors import RuleBroken


@dataclass(kw_only=True)
class OfficeUnit(Aggregate):
    id: uuid.UUID
    site: Site
    code: str
    floor: int
    area_m2: float
    monthly_rate_idr: int
    status: UnitStatus
    created_at: datetime

    @classmethod
    def create(
        cls,
        *,
        site: Site,
        code: str,
        floor: int,
        area_m2: float,
        monthly_rate_idr: int,
        now: datetime,
    ) -> "OfficeUnit":
        unit = cls(
            id=uuid.uuid4(),
            site=site,
            code=code,
            floor=floor,
            area_m2=area_m2,
            monthly_rate_idr=monthly_rate_idr,
            status=UnitStatus.VACANT,
            created_at=now,
        )
        unit.check()
        unit._announce(None, now)
        return unit

    def check(self) -> None:
        if self.area_m2 <= 0:
            raise RuleBroken("a unit's area must be positive")
        if self.monthly_rate_idr < 0:
            raise RuleBroken("a unit's monthly rate cannot be negative")

    def set_availability(self, status: UnitStatus, now: datetime) -> None:
        """Staff's switch between vacant and maintenance; a leased unit is freed by its lease."""
        if status is UnitStatus.LEASED or self.status is UnitStatus.LEASED:
            raise StateConflict("unit", f"set {status.value}", self.status)
        self._change(status, now)

    def lease_out(self, now: datetime) -> None:
        if self.status is UnitStatus.MAINTENANCE:
            raise StateConflict("unit", "lease", self.status)
        self._change(UnitStatus.LEASED, now)

    def free(self, now: datetime) -> None:
        if self.status is UnitStatus.LEASED:
            self._change(UnitStatus.VACANT, now)

    def _change(self, status: UnitStatus, now: datetime) -> None:
        if status is self.status:
            return
        previous, self.status = self.status, status
        self._announce(previous, now)

    def _announce(self, previous: UnitStatus | None, now: datetime) -> None:
        self.record(
            UnitStatusChanged(
                unit_id=self.id,
                site=self.site,
                code=self.code,
                status=self.status,
                previous_status=previous,
                occurred_at=now,
            )
        )
