"""Kafka client settings in one place; aiokafka's defaults (acks=1, no idempotence, auto-commit
every 5 s) are unsafe for us, so every client is built here with them set explicitly."""

from aiokafka import AIOKafkaProducer

PRODUCER_SETTINGS = {
    "acks": "all",
    "enable_idempotence": True,
    # Small linger lets the relay's batch leave as few large requests instead of many small ones.
    "linger_ms": 5,
    "max_batch_size": 256 * 1024,
    "request_timeout_ms": 30_000,
}


async def new_idempotent_producer(bootstrap_servers: str, client_id: str) -> AIOKafkaProducer:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers, client_id=client_id, **PRODUCER_SETTINGS
    )
    try:
        await producer.start()
    except BaseException:
        await producer.stop()
        raise
    return producer
