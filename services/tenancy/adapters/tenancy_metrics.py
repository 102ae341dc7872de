"""The tenancy gauges in the service's own registry: occupancy (labels: site and kind only)
and overdue lease expiry notices (alert LeaseExpiryNoticesOverdue)."""

from prometheus_client import CollectorRegistry, Gauge

from contracts.tenancy import Site
from services.tenancy.domain.occupancy import Occupancy

#: The label value of the all-sites figures.
ALL_SITES = "all"


class TenancyMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self._units = Gauge(
            "tenancy_units",
            "Office units, by site and whether leased",
            ["site", "leased"],
            registry=registry,
        )
        self._area = Gauge(
            "tenancy_unit_area_square_metres",
            "Office floor area, by site and whether leased",
            ["site", "leased"],
            registry=registry,
        )
        self._tenants = Gauge(
            "tenancy_tenants",
            "Tenants by kind: per site those leasing there, for `all` those "
            "admitted (active or suspended)",
            ["site", "kind"],
            registry=registry,
        )
        self._overdue_notices = Gauge(
            "tenancy_lease_notices_overdue",
            "Lease expiry notices (60/30/7 days left) due by today that were not yet issued",
            registry=registry,
        )

    def show_overdue_notices(self, count: int) -> None:
        self._overdue_notices.set(count)

    def show_occupancy(self, sites: dict[Site, Occupancy], total: Occupancy) -> None:
        for label, figure in [*((site.value, o) for site, o in sites.items()), (ALL_SITES, total)]:
            self._units.labels(label, "true").set(figure.units_leased)
            self._units.labels(label, "false").set(figure.units_total - figure.units_leased)
            self._area.labels(label, "true").set(figure.area_leased_m2)
            self._area.labels(label, "false").set(figure.area_total_m2 - figure.area_leased_m2)
            for kind, count in figure.tenants_by_kind.items():
                self._tenants.labels(label, kind.value).set(count)
