"""The console's panels on the platform overview: its pages' traffic, speed and errors by route,
and the live streams it holds open (docs/console.md, "Live pages")."""

from boards.model import Panel, Query, or_zero

_CONSOLE = 'job="console"'
#: GET /live is a stream a page holds open, shown by the streams panel; it is never timed
#: (shared/http/middleware.py), and its reconnections would blur the pages' traffic.
_PAGES = f'{_CONSOLE}, route!="/live"'
_REQUESTS = f"sum by (route) (rate(http_requests_total{{{_PAGES}}}[5m]))"
_ERRORS = f'sum by (route) (rate(http_requests_total{{{_PAGES}, status=~"5.."}}[5m]))'


def console_panels() -> list[Panel]:
    return [
        Panel(
            title="Console page requests by route",
            description="Requests per second to each console page (route template) by status, "
            "over 5 minutes; the live stream GET /live is left out (see the streams panel).",
            unit="reqps",
            queries=(
                Query(
                    f"sum by (route, status) (rate(http_requests_total{{{_PAGES}}}[5m]))",
                    "{{route}} {{status}}",
                ),
            ),
        ),
        Panel(
            title="Console page latency p95 by route",
            description="95th percentile of the time the console takes to answer each page, "
            "over 5 minutes; it includes the calls it makes to the three services' APIs.",
            unit="s",
            queries=(
                Query(
                    "histogram_quantile(0.95, sum by (route, le) "
                    f"(rate(http_request_duration_seconds_bucket{{{_CONSOLE}}}[5m])))",
                    "{{route}}",
                ),
            ),
        ),
        Panel(
            title="Console page errors (5xx) by route",
            description="Console pages answered with a server error, per second over 5 minutes "
            "by route. A refused or failed call to a service is shown to the person as a "
            "sentence; a 5xx here is the console itself failing, or a service down (502).",
            unit="reqps",
            queries=(Query(or_zero(_ERRORS, _REQUESTS), "{{route}}"),),
        ),
        Panel(
            title="Console live streams open",
            description="Live page streams (GET /live) open now, summed over the console's "
            "replicas (each counts its own): about one per open browser tab of a signed-in "
            "person on a page that refreshes itself.",
            unit="short",
            queries=(Query("sum by (job) (console_live_streams)", "{{job}} streams"),),
        ),
    ]
