"""Panels as data: what a dashboard shows, before it is rendered to Grafana's JSON."""

from dataclasses import dataclass

# Must match the uid in provisioning/datasources/prometheus.yml: a fixed uid lets the
# dashboards bind to the data source without an import-time prompt.
DATASOURCE: dict[str, str] = {"type": "prometheus", "uid": "prometheus"}

# Prometheus job names (deploy/prometheus/prometheus.yml), one per service.
SERVICE_JOBS = ("tenancy", "booking", "notifications")
JOB_MATCHER = f'job=~"{"|".join(SERVICE_JOBS)}"'

# Grafana lays panels out on a 24-column grid.
GRID_WIDTH = 24


@dataclass(frozen=True)
class Query:
    """One PromQL expression of a panel and the legend of the series it returns."""

    expr: str
    legend: str


@dataclass(frozen=True)
class Panel:
    """A panel; title, description and unit are required so no panel ships without them."""

    title: str
    description: str
    unit: str
    queries: tuple[Query, ...]
    kind: str = "timeseries"
    width: int = 12
    height: int = 8
