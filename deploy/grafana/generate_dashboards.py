"""Grafana dashboards as code: writes deploy/grafana/dashboards/*.json.

    python deploy/grafana/generate_dashboards.py          # (re)write the JSON files
    python deploy/grafana/generate_dashboards.py --check  # exit 1 when the JSON files are stale

The JSON is committed because Grafana provisions it from files (docker-compose.yml mounts the
folder); tests/unit/test_deployment_files.py fails when it differs from this generator's output,
so edit this file and re-run it, never the JSON.

Metric names are the services' contract: http_requests_total{method,route,status},
http_request_duration_seconds (histogram), outbox_backlog_events, outbox_published_total,
outbox_publish_failures_total, inbox_duplicates_total{consumer},
dead_letters_total{consumer,reason} and FastStream's faststream_* metrics.
"""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DASHBOARD_DIR = Path(__file__).resolve().parent / "dashboards"

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


def _targets(queries: tuple[Query, ...]) -> list[dict[str, Any]]:
    return [
        {
            "refId": chr(ord("A") + index),
            "datasource": DATASOURCE,
            "expr": query.expr,
            "legendFormat": query.legend,
            "range": True,
            "instant": False,
        }
        for index, query in enumerate(queries)
    ]


def _timeseries(panel: Panel) -> dict[str, Any]:
    return {
        "type": "timeseries",
        "fieldConfig": {
            "defaults": {
                "unit": panel.unit,
                # Every series here is a rate, a count or a duration: never negative, and a
                # y axis starting at 0 keeps small blips from looking like incidents.
                "min": 0,
                "color": {"mode": "palette-classic"},
                "custom": {
                    "drawStyle": "line",
                    "lineWidth": 1,
                    "fillOpacity": 10,
                    "showPoints": "never",
                    "spanNulls": False,
                },
            },
            "overrides": [],
        },
        "options": {
            "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
            "tooltip": {"mode": "multi", "sort": "desc"},
        },
    }


def _up_stat(panel: Panel) -> dict[str, Any]:
    return {
        "type": "stat",
        "fieldConfig": {
            "defaults": {
                "unit": panel.unit,
                "mappings": [
                    {
                        "type": "value",
                        "options": {
                            "0": {"index": 0, "text": "DOWN", "color": "red"},
                            "1": {"index": 1, "text": "UP", "color": "green"},
                        },
                    }
                ],
                "thresholds": {
                    "mode": "absolute",
                    "steps": [{"color": "red", "value": None}, {"color": "green", "value": 1}],
                },
                "color": {"mode": "thresholds"},
            },
            "overrides": [],
        },
        "options": {
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "colorMode": "background",
            "graphMode": "none",
            "textMode": "value_and_name",
            "orientation": "auto",
            "justifyMode": "auto",
        },
    }


_RENDERERS = {"timeseries": _timeseries, "stat": _up_stat}


def _layout(panels: list[Panel]) -> list[dict[str, Any]]:
    """Panels flow left to right, wrapping to a new row when the grid is full."""
    rendered: list[dict[str, Any]] = []
    x = y = row_height = 0
    for panel_id, panel in enumerate(panels, start=1):
        if x + panel.width > GRID_WIDTH:
            x, y, row_height = 0, y + row_height, 0
        body = _RENDERERS[panel.kind](panel)
        rendered.append(
            {
                "id": panel_id,
                "title": panel.title,
                "description": panel.description,
                "datasource": DATASOURCE,
                "gridPos": {"h": panel.height, "w": panel.width, "x": x, "y": y},
                **body,
                "targets": _targets(panel.queries),
            }
        )
        x += panel.width
        row_height = max(row_height, panel.height)
    return rendered


def _dashboard(uid: str, title: str, description: str, panels: list[Panel]) -> dict[str, Any]:
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["bitc"],
        "editable": False,
        "graphTooltip": 1,
        "refresh": "30s",
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-1h", "to": "now"},
        "timepicker": {},
        "timezone": "browser",
        "annotations": {"list": []},
        "templating": {"list": []},
        "links": [],
        "panels": _layout(panels),
    }


def platform_overview() -> dict[str, Any]:
    """The first dashboard: is each service up, serving, and moving its events."""
    panels = [
        Panel(
            title="Service up",
            description="1 (UP) when Prometheus's last scrape of the service's /metrics "
            "succeeded, 0 (DOWN) when it failed: process down, unreachable, or /metrics broken.",
            unit="none",
            queries=(Query(f"up{{{JOB_MATCHER}}}", "{{job}}"),),
            kind="stat",
            width=GRID_WIDTH,
            height=4,
        ),
        Panel(
            title="HTTP request rate by service",
            description="HTTP requests per second handled by each service, all routes and "
            "statuses, averaged over 5 minutes.",
            unit="reqps",
            queries=(Query("sum by (job) (rate(http_requests_total[5m]))", "{{job}}"),),
        ),
        Panel(
            title="HTTP 5xx rate",
            description="Requests per second answered with a 5xx status (server errors), by "
            "service, averaged over 5 minutes. 4xx are client errors and are left out.",
            unit="reqps",
            queries=(
                Query(
                    'sum by (job) (rate(http_requests_total{status=~"5.."}[5m]))',
                    "{{job}}",
                ),
            ),
        ),
        Panel(
            title="HTTP p95 latency",
            description="95th percentile of HTTP request duration by service over 5 minutes, "
            "estimated from the http_request_duration_seconds histogram buckets.",
            unit="s",
            queries=(
                Query(
                    "histogram_quantile(0.95, sum by (job, le) "
                    "(rate(http_request_duration_seconds_bucket[5m])))",
                    "{{job}} p95",
                ),
            ),
        ),
        Panel(
            title="Outbox backlog",
            description="Events written to a service's outbox and not yet published to Kafka. "
            "It should hover near 0; steady growth means the relay is stuck or Kafka is down. "
            "max, not sum: every instance of a service reports the same shared outbox table.",
            unit="short",
            queries=(Query("max by (job) (outbox_backlog_events)", "{{job}}"),),
        ),
        Panel(
            title="Outbox publishing",
            description="Outbox events published to Kafka per second, and failed publish "
            "attempts per second (retried by the relay), by service, over 5 minutes.",
            unit="cps",
            queries=(
                Query("sum by (job) (rate(outbox_published_total[5m]))", "{{job}} published"),
                Query(
                    "sum by (job) (rate(outbox_publish_failures_total[5m]))",
                    "{{job}} failed",
                ),
            ),
        ),
        Panel(
            title="Kafka messages consumed",
            description="Kafka messages received per second by each service's subscribers "
            "(FastStream handlers), over 5 minutes.",
            unit="cps",
            queries=(
                Query(
                    "sum by (job, handler) (rate(faststream_received_messages_total[5m]))",
                    "{{job}} {{handler}}",
                ),
            ),
        ),
        Panel(
            title="Kafka processing errors",
            description="Per second, over 5 minutes: exceptions raised by FastStream handlers, "
            "and events sent to a dead-letter topic (by reason) after they could not be "
            "decoded, failed validation or kept failing.",
            unit="cps",
            queries=(
                Query(
                    "sum by (job, handler) "
                    "(rate(faststream_received_processed_messages_exceptions_total[5m]))",
                    "{{job}} {{handler}} exceptions",
                ),
                Query(
                    "sum by (job, reason) (rate(dead_letters_total[5m]))",
                    "{{job}} dead-lettered: {{reason}}",
                ),
            ),
        ),
        Panel(
            title="Inbox duplicates suppressed",
            description="Events per second that a consumer had already handled and skipped "
            "(inbox hit), by service and consumer, over 5 minutes. Expected after rebalances "
            "and redeliveries; a steady high rate points at a producer or offset-commit problem.",
            unit="cps",
            queries=(
                Query(
                    "sum by (job, consumer) (rate(inbox_duplicates_total[5m]))",
                    "{{job}} {{consumer}}",
                ),
            ),
        ),
    ]
    return _dashboard(
        uid="bitc-overview",
        title="BITC Platform overview",
        description="Health, HTTP traffic and event flow of the tenancy, booking and "
        "notifications services. Generated by deploy/grafana/generate_dashboards.py.",
        panels=panels,
    )


def dashboards() -> dict[str, dict[str, Any]]:
    """Every dashboard, by the file name it is written to."""
    return {"bitc-overview.json": platform_overview()}


def render(dashboard: dict[str, Any]) -> str:
    """Stable text: the committed file must be byte-for-byte reproducible."""
    return json.dumps(dashboard, indent=2, ensure_ascii=False) + "\n"


def stale_files(directory: Path = DASHBOARD_DIR) -> list[str]:
    """Names of files that are missing, differ from the generator, or are no longer generated."""
    expected = {name: render(board) for name, board in dashboards().items()}
    present = {path.name for path in directory.glob("*.json")}
    problems = sorted(name for name in present - expected.keys())
    for name, text in sorted(expected.items()):
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            problems.append(name)
    return problems


def write(directory: Path = DASHBOARD_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, board in dashboards().items():
        path = directory / name
        path.write_text(render(board), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the BITC Grafana dashboards as JSON.")
    parser.add_argument(
        "--check", action="store_true", help="only compare; exit 1 if the files are stale"
    )
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_files()
        for name in problems:
            print(f"stale or unexpected dashboard file: {DASHBOARD_DIR / name}", file=sys.stderr)
        return 1 if problems else 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
