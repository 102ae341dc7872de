"""Delivery metrics: sent / failed / dead by channel and category, and the delay from the event
that caused a message to its send, on the service's registry."""

from datetime import datetime
from itertools import product

from prometheus_client import CollectorRegistry, Counter, Histogram

from contracts.notifications import Channel
from services.notifications.domain.categories import Category
from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.notification import Notification

# From a few hundred milliseconds (immediate e-mail) to hours (quiet hours, retries).
LATENCY_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 12 * 3600)


class DeliveryMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        labels = ["channel", "category"]
        self.sent = Counter(
            "notifications_sent", "Messages delivered", labels, registry=self.registry
        )
        self.failed = Counter(
            "notifications_failed",
            "Delivery attempts that failed and will be retried",
            labels,
            registry=self.registry,
        )
        self.dead = Counter(
            "notifications_dead",
            "Messages given up on after their last attempt",
            labels,
            registry=self.registry,
        )
        self.latency = Histogram(
            "notification_delivery_latency_seconds",
            "From the time of the event that caused a message to its delivery",
            ["channel"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._start_at_zero()

    def _start_at_zero(self) -> None:
        """Every channel and category is counted from 0 at start-up: a day without failures
        shows 0 rather than "No data", and rate() sees the first message of a kind."""
        for channel, category in product(Channel, Category):
            for counter in (self.sent, self.failed, self.dead):
                counter.labels(channel.value, category.value)
        for channel in Channel:
            self.latency.labels(channel.value)

    def observe(self, n: Notification, now: datetime) -> None:
        """Counts a delivery attempt's outcome (after its state is written)."""
        labels = (n.channel.value, n.category.value)
        if n.status is DeliveryStatus.SENT:
            self.sent.labels(*labels).inc()
            latency = max(0.0, (now - n.event_time).total_seconds())
            self.latency.labels(n.channel.value).observe(latency)
        elif n.status is DeliveryStatus.DEAD:
            self.dead.labels(*labels).inc()
        else:
            self.failed.labels(*labels).inc()
