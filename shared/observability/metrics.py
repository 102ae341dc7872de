"""Each service's Prometheus registry and the metrics the shared machinery reports.

One registry per service process (not the global default) so tests can run several services'
code in one interpreter without name clashes. No label takes an unbounded value: routes are
templates, never raw paths, and no id or address is ever a label.
"""

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from shared.messaging.dead_letters import DeadLetterReason

# Booking creation should take a few milliseconds; the buckets resolve that range finely.
HTTP_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


@dataclass
class ServiceMetrics:
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        r = self.registry
        self.http_requests = Counter(
            "http_requests", "HTTP requests handled", ["method", "route", "status"], registry=r
        )
        self.http_latency = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            ["method", "route"],
            buckets=HTTP_LATENCY_BUCKETS,
            registry=r,
        )
        self.outbox_backlog = Gauge(
            "outbox_backlog_events", "Events written to the outbox, not yet published", registry=r
        )
        self.outbox_oldest_age = Gauge(
            "outbox_oldest_unpublished_age_seconds",
            "Age of the oldest event waiting in the outbox (0 when empty)",
            registry=r,
        )
        self.outbox_parked = Gauge(
            "outbox_parked_events",
            "Outbox events Kafka refused for good, waiting for an operator",
            registry=r,
        )
        self.outbox_published = Counter(
            "outbox_published", "Outbox events published to Kafka", registry=r
        )
        self.outbox_publish_failures = Counter(
            "outbox_publish_failures", "Outbox events Kafka did not accept", registry=r
        )
        self.relay_leader = Gauge(
            "outbox_relay_leader",
            "1 while this instance's relay holds the publishing lock",
            registry=r,
        )
        self.inbox_duplicates = Counter(
            "inbox_duplicates",
            "Events skipped because they were already handled",
            ["consumer"],
            registry=r,
        )
        self.dead_letters = Counter(
            "dead_letters",
            "Events sent to the dead-letter topic",
            ["consumer", "reason"],
            registry=r,
        )
        self.consumer_lag = Gauge(
            "kafka_consumer_lag_messages",
            "Messages on a partition not yet handled by a consumer group of this service",
            ["consumer", "topic", "partition"],
            registry=r,
        )
        self.handler_retries = Counter(
            "consumer_handler_retries",
            "Handler attempts that failed and were retried",
            ["consumer"],
            registry=r,
        )

    def start_consumer_at_zero(self, consumer: str) -> None:
        """A consumer's counters exist from start-up at 0, so its panels show a healthy 0
        rather than "No data", and rate() sees the first increment (a series born at 1 hides
        it)."""
        self.inbox_duplicates.labels(consumer)
        self.handler_retries.labels(consumer)
        for reason in DeadLetterReason:
            self.dead_letters.labels(consumer, reason)
