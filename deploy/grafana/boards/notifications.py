"""Notifications: delivery outcomes and latency by channel, from the notifications service."""

from typing import Any

from boards.layout import dashboard
from boards.model import Panel, Query


def notifications() -> dict[str, Any]:
    outcomes = (("sent", "delivered"), ("failed", "failed, will retry"), ("dead", "given up"))
    panels = [
        Panel(
            title="Messages by channel and outcome",
            description="Messages per minute delivered, failed (retried later) and given up, "
            "by channel (e-mail, WhatsApp/SMS, webhook), over 5 minutes.",
            unit="cpm",
            queries=tuple(
                Query(
                    f"sum by (channel) (rate(notifications_{name}_total[5m])) * 60",
                    f"{{{{channel}}}} {label}",
                )
                for name, label in outcomes
            ),
        ),
        Panel(
            title="Messages given up by category (last day)",
            description="Messages that exhausted their attempts in the last 24 hours, by "
            "channel and category: who did not hear about what.",
            unit="short",
            queries=(
                Query(
                    "sum by (channel, category) (increase(notifications_dead_total[1d]))",
                    "{{channel}} {{category}}",
                ),
            ),
        ),
        Panel(
            title="Delivery latency p50 / p95",
            description="Time from the event that caused a message to its delivery, by channel. "
            "Quiet hours and retries make long tails expected for WhatsApp/SMS.",
            unit="s",
            queries=tuple(
                Query(
                    f"histogram_quantile({q}, sum by (channel, le) "
                    "(rate(notification_delivery_latency_seconds_bucket[30m])))",
                    f"{{{{channel}}}} p{int(q * 100)}",
                )
                for q in (0.5, 0.95)
            ),
            width=24,
        ),
    ]
    return dashboard(
        "bitc-notifications",
        "BITC Notifications",
        "Delivery of e-mail, WhatsApp/SMS and webhook messages: outcomes and latency.",
        panels,
    )
