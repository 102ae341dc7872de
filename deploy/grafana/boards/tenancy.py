"""Tenancy & occupancy, from the tenancy service's occupancy gauges (site `all` = totals)."""

from typing import Any

from boards.layout import dashboard
from boards.model import Panel, Query, once, share

_AREA = "tenancy_unit_area_square_metres"


def tenancy_occupancy() -> dict[str, Any]:
    panels = [
        Panel(
            title="Admitted tenants by kind",
            description="Tenants admitted to the platform (active or suspended), by kind.",
            unit="short",
            queries=(Query(once('tenancy_tenants{site="all"}', "kind"), "{{kind}}"),),
        ),
        Panel(
            title="Leasing tenants by site and kind",
            description="Tenants holding an office lease, per site and kind.",
            unit="short",
            queries=(
                Query(once('tenancy_tenants{site!="all"}', "site", "kind"), "{{site}} {{kind}}"),
            ),
        ),
        Panel(
            title="Office occupancy by site",
            description="Share of office units leased, per site (and `all`); 0 at a site "
            "without office units.",
            unit="percentunit",
            queries=(
                Query(
                    share(
                        once('tenancy_units{leased="true"}', "site"),
                        f"sum by (site) ({once('tenancy_units', 'site', 'leased')})",
                    ),
                    "{{site}}",
                ),
            ),
        ),
        Panel(
            title="Office floor area by site",
            description="Leased and free office floor area per site, in square metres.",
            unit="areaM2",
            queries=(Query(once(_AREA, "site", "leased"), "{{site}} leased={{leased}}"),),
        ),
    ]
    return dashboard(
        "bitc-tenancy",
        "BITC Tenancy & occupancy",
        "Tenants by kind and office occupancy per site, from the tenancy service's gauges.",
        panels,
    )
