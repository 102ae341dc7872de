"""The console's own metrics: how many live streams (GET /live) are open in this process."""

from prometheus_client import CollectorRegistry, Gauge


class LiveMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        #: The console's registry: the runtime adds the shared metrics to it.
        self.registry = registry
        self.open_streams = Gauge(
            "console_live_streams",
            "Live page streams (GET /live) open in this console process",
            registry=registry,
        )
