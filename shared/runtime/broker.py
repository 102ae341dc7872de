"""The Kafka broker of a service process, with the blueprint's consumers attached to it."""

import logging
from collections.abc import Callable

from faststream.kafka import KafkaBroker
from faststream.kafka.prometheus import KafkaPrometheusMiddleware

from shared.messaging.consumer_backoff import RetryPolicy
from shared.messaging.dead_letters import DeadLetterPublisher
from shared.messaging.event_consumer import EventConsumer
from shared.messaging.kafka_clients import PRODUCER_SETTINGS, KafkaSecurity
from shared.messaging.live_consumer import LiveConsumer
from shared.observability.metrics import ServiceMetrics
from shared.persistence.unit_of_work import UnitOfWork
from shared.runtime.blueprint import ServiceBlueprint

#: On shutdown: how long in-flight consumer batches may take to commit.
CONSUMER_GRACE_S = 8.0


def service_broker(
    blueprint: ServiceBlueprint,
    client_id: str,
    kafka_security: KafkaSecurity,
    metrics: ServiceMetrics,
    new_unit_of_work: Callable[[], UnitOfWork],
) -> KafkaBroker:
    settings = blueprint.settings
    broker = KafkaBroker(
        # KAFKA_BOOTSTRAP_SERVERS lists brokers comma-separated; FastStream would take the whole
        # string for one address (aiokafka's own clients split it themselves).
        settings.kafka_bootstrap_servers.split(","),
        client_id=client_id,
        security=kafka_security.faststream(),
        # Topics are `bitc setup`'s to create; a service's principal may not.
        allow_auto_create_topics=False,
        acks=PRODUCER_SETTINGS["acks"],
        enable_idempotence=PRODUCER_SETTINGS["enable_idempotence"],
        middlewares=[KafkaPrometheusMiddleware(registry=metrics.registry, app_name=blueprint.name)],
        logger=logging.getLogger(f"bitc.{blueprint.name}.kafka"),
        # FastStream's "Received"/"Processed" pair for every consumed batch is an access log,
        # quieted like uvicorn's (shared/observability/logging.py): at low traffic a batch is one
        # event, and the pair cost ~0.1 ms of CPU and most of a consumer's log volume. A failing
        # handler is still logged at ERROR; LOG_LEVEL=DEBUG shows the pairs again.
        log_level=logging.DEBUG,
        graceful_timeout=CONSUMER_GRACE_S,
        # Handlers take the message as the subscription's decoder hands it
        # (shared/messaging/batch_subscribing.py); injecting it cost a thread hop per batch.
        apply_types=False,
    )
    dead_letters = DeadLetterPublisher(broker, blueprint.dead_letter_topic)
    retry = RetryPolicy(
        settings.consumer_max_attempts,
        settings.consumer_backoff_initial_s,
        settings.consumer_backoff_max_s,
    )
    for subscription in blueprint.subscriptions:
        if subscription.live:
            LiveConsumer(subscription, metrics).attach(broker)
            continue
        EventConsumer(subscription, new_unit_of_work, dead_letters, metrics, retry).attach(broker)
    return broker
