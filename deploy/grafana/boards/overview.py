"""Platform overview: is each service up, serving HTTP well, and moving its events."""

from typing import Any

from boards.console import console_panels
from boards.event_queries import (
    FS_RECEIVED,
    HANDLER_EXCEPTIONS,
    INBOX_DUPLICATES,
    OUTBOX_BACKLOG,
    RELAY_FAILED,
    RELAY_PUBLISHED,
)
from boards.layout import dashboard
from boards.model import GRID_WIDTH, JOB_MATCHER, Panel, Query, or_zero, share

_P99 = "histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket[5m])))"
_HTTP = "sum by (job) (rate(http_requests_total[5m]))"
_HTTP_5XX = 'sum by (job) (rate(http_requests_total{status=~"5.."}[5m]))'


def platform_overview() -> dict[str, Any]:
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
            queries=(Query(_HTTP, "{{job}}"),),
        ),
        Panel(
            title="HTTP request rate by route and status",
            description="Which endpoints are called, and how they answer: requests per second "
            "by service, route template and status code, over 5 minutes.",
            unit="reqps",
            queries=(
                Query(
                    "sum by (job, route, status) (rate(http_requests_total[5m]))",
                    "{{job}} {{route}} {{status}}",
                ),
            ),
        ),
        Panel(
            title="HTTP 5xx rate",
            description="Requests per second answered with a 5xx status (server errors), by "
            "service, averaged over 5 minutes. 4xx are client errors and are left out.",
            unit="reqps",
            queries=(Query(or_zero(_HTTP_5XX, _HTTP), "{{job}}"),),
        ),
        Panel(
            title="HTTP error ratio (5xx share)",
            description="Share of requests answered with a server error, by service, over 5 "
            "minutes. The HttpErrorRateHigh alert fires above 5% for 5 minutes.",
            unit="percentunit",
            queries=(Query(share(_HTTP_5XX, _HTTP), "{{job}}"),),
        ),
        Panel(
            title="HTTP p95 and p99 latency",
            description="95th and 99th percentile of HTTP request duration by service over 5 "
            "minutes, from the http_request_duration_seconds histogram. The HttpLatencyHigh "
            "alert fires when p99 stays above 500 ms for 10 minutes.",
            unit="s",
            queries=(
                Query(
                    "histogram_quantile(0.95, sum by (job, le) "
                    "(rate(http_request_duration_seconds_bucket[5m])))",
                    "{{job}} p95",
                ),
                Query(_P99, "{{job}} p99"),
            ),
        ),
        Panel(
            title="Outbox backlog",
            description="Events written to a service's outbox and not yet published to Kafka. "
            "It should hover near 0; steady growth means the relay is stuck or Kafka is down. "
            "max, not sum: every instance of a service reports the same shared outbox table.",
            unit="short",
            queries=(OUTBOX_BACKLOG,),
        ),
        Panel(
            title="Outbox publishing",
            description="Outbox events published to Kafka per second, and failed publish "
            "attempts per second (retried by the relay), by service, over 5 minutes.",
            unit="cps",
            queries=(RELAY_PUBLISHED, RELAY_FAILED),
        ),
        Panel(
            title="Kafka messages consumed",
            description="Kafka messages received per second by each service's subscribers "
            "(FastStream handlers), over 5 minutes.",
            unit="cps",
            queries=(Query(FS_RECEIVED, "{{job}} {{handler}}"),),
        ),
        Panel(
            title="Kafka processing errors",
            description="Per second, over 5 minutes: exceptions raised by FastStream handlers, "
            "and events sent to a dead-letter topic (by reason) after they could not be "
            "decoded, failed validation or kept failing.",
            unit="cps",
            queries=(
                HANDLER_EXCEPTIONS,
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
            queries=(INBOX_DUPLICATES,),
        ),
        *console_panels(),
    ]
    return dashboard(
        uid="bitc-overview",
        title="BITC Platform overview",
        description="Health, HTTP traffic and event flow of the tenancy, booking and "
        "notifications services, and the console's pages. Generated by "
        "deploy/grafana/generate_dashboards.py.",
        panels=panels,
    )
