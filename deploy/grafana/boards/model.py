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


def or_zero(expr: str, baseline: str) -> str:
    """``expr``, and 0 for each series of ``baseline`` (grouped by the same labels) it lacks:
    a counter that has never moved (no 5xx yet) reads 0 instead of "No data"."""
    return f"{expr} or {baseline} * 0"


def once(selector: str, *labels: str) -> str:
    """A gauge every instance of a service exports alike (a figure read from the database or
    Kafka), counted once whatever the replica count: the max over instances, by ``labels``.
    A sum would count it once per replica (docs/operations.md, "Metrics")."""
    return f"max by ({', '.join(labels)}) ({selector})" if labels else f"max({selector})"


def share(part: str, whole: str) -> str:
    """``part`` / ``whole`` per label set; 0 where ``part`` has no series or ``whole`` is 0
    (no traffic), where a plain division would leave nothing or NaN."""
    return f"{part} / ({whole} > 0) or {whole} * 0"


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
