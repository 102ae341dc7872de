"""Event flow: outbox -> relay -> Kafka -> consumers (lag, inbox, dead letters)."""

from typing import Any

from boards.event_queries import (
    FS,
    HANDLER_EXCEPTIONS,
    INBOX_DUPLICATES,
    OUTBOX_BACKLOG,
    RELAY_FAILED,
    RELAY_PUBLISHED,
)
from boards.layout import dashboard
from boards.model import Panel, Query, once


def event_flow() -> dict[str, Any]:
    panels = [
        Panel(
            title="Outbox backlog",
            description="Events committed to each service's outbox and not yet on Kafka. Near 0 "
            "is healthy; a rising line means the relay is stuck, has no leader, or Kafka refuses.",
            unit="short",
            queries=(OUTBOX_BACKLOG,),
        ),
        Panel(
            title="Oldest unpublished outbox event",
            description="Age of the oldest event still waiting in the outbox: how late "
            "subscribers are hearing about changes. OutboxEventsOld fires above 5 minutes.",
            unit="s",
            queries=(Query(once("outbox_oldest_unpublished_age_seconds", "job"), "{{job}}"),),
        ),
        Panel(
            title="Parked outbox events",
            description="Outbox events Kafka refused for good (e.g. too large); the relay moved "
            "past them and an operator must look. Anything above 0 fires OutboxEventsParked.",
            unit="short",
            queries=(Query(once("outbox_parked_events", "job"), "{{job}}"),),
        ),
        Panel(
            title="Relay publish rate and failures",
            description="Events the relay published to Kafka per second, and publish attempts "
            "Kafka did not accept per second (retried), by service, over 5 minutes.",
            unit="cps",
            queries=(RELAY_PUBLISHED, RELAY_FAILED),
        ),
        Panel(
            title="Relay leaders per service",
            description="How many instances of each service hold the relay's publishing lock. "
            "Exactly 1 is healthy; 0 means nothing publishes (RelayWithoutLeader).",
            unit="short",
            queries=(Query("sum by (job) (outbox_relay_leader)", "{{job}}"),),
        ),
        Panel(
            title="Consumer lag by consumer and topic",
            description="Messages on Kafka not yet handled, per consumer group and topic (summed "
            "over partitions). Growth means consumers fall behind; ConsumerLagHigh fires above "
            "1000 for 10 minutes.",
            unit="short",
            queries=(
                Query(
                    "sum by (job, consumer, topic) ("
                    + once("kafka_consumer_lag_messages", "job", "consumer", "topic", "partition")
                    + ")",
                    "{{job}} {{consumer}} {{topic}}",
                ),
            ),
        ),
        Panel(
            title="FastStream messages handled by status",
            description="Messages per second each handler finished, by outcome (acked, nacked, "
            "rejected, skipped, error), over 5 minutes.",
            unit="cps",
            queries=(
                Query(
                    f"sum by (job, handler, status) (rate({FS}_total[5m]))",
                    "{{job}} {{handler}} {{status}}",
                ),
            ),
        ),
        Panel(
            title="FastStream handling latency p99",
            description="99th percentile of the time a handler takes for one message (batch), "
            "by service and handler, over 5 minutes.",
            unit="s",
            queries=(
                Query(
                    "histogram_quantile(0.99, sum by (job, handler, le) "
                    f"(rate({FS}_duration_seconds_bucket[5m])))",
                    "{{job}} {{handler}}",
                ),
            ),
        ),
        Panel(
            title="Handler errors and retries",
            description="Per second over 5 minutes: exceptions escaping FastStream handlers, "
            "and handler attempts that failed and were retried with backoff, by consumer.",
            unit="cps",
            queries=(
                HANDLER_EXCEPTIONS,
                Query(
                    "sum by (job, consumer) (rate(consumer_handler_retries_total[5m]))",
                    "{{job}} {{consumer}} retries",
                ),
            ),
        ),
        Panel(
            title="Inbox duplicates suppressed",
            description="Events per second a consumer skipped because it had handled them "
            "already: normal after rebalances; a steady rate hints at redelivery loops.",
            unit="cps",
            queries=(INBOX_DUPLICATES,),
        ),
        Panel(
            title="Dead letters by reason (last hour)",
            description="Events sent to a dead-letter topic in the last hour, by service, "
            "consumer and reason. Each one needs an operator: `bitc dlq list SERVICE`.",
            unit="short",
            queries=(
                Query(
                    "sum by (job, consumer, reason) (increase(dead_letters_total[1h]))",
                    "{{job}} {{consumer}} {{reason}}",
                ),
            ),
            width=24,
        ),
    ]
    return dashboard(
        uid="bitc-event-flow",
        title="BITC Event flow",
        description="Outbox, relay, Kafka consumers, inbox and dead letters of every service. "
        "Generated by deploy/grafana/generate_dashboards.py.",
        panels=panels,
    )
