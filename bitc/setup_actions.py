"""What ``bitc setup`` and ``bitc seed-demo`` do (the parsers are in bitc/cli.py)."""

import argparse
import asyncio
import sys

from bitc.demo import seed_demo
from bitc.dev_tokens import staff_token
from bitc.provision import SERVICES, setup_platform
from bitc.topic_durability import DurabilityError, TopicDurability
from shared.messaging.kafka_clients import KafkaSecurity
from shared.runtime.secret_files import env_or_file
from shared.runtime.settings import KafkaClientSettings

#: What `bitc setup` reads from its environment.
SETUP_ENV = (
    "ADMIN_DATABASE_URL",
    "KAFKA_BOOTSTRAP_SERVERS",
    *(f"{s.upper()}_DB_PASSWORD" for s in SERVICES),
)


def set_up_deployment(_: argparse.Namespace) -> None:
    values = {name: env_or_file(name) for name in SETUP_ENV}
    missing = [name for name, value in values.items() if not value]
    if missing:
        sys.exit(f"bitc setup: set {', '.join(missing)} (or <NAME>_FILE) in the environment")
    passwords = {service: values[f"{service.upper()}_DB_PASSWORD"] for service in SERVICES}
    # Where Kafka demands it, setup authenticates with the KAFKA_SECURITY_PROTOCOL and
    # KAFKA_SASL_* settings, as a principal allowed to create topics.
    kafka_security = KafkaSecurity.from_settings(KafkaClientSettings())
    try:
        # KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS, production defaults 3 and 2.
        durability = TopicDurability.from_environment()
    except DurabilityError as error:
        sys.exit(f"bitc setup: {error}")
    asyncio.run(
        setup_platform(
            values["ADMIN_DATABASE_URL"],
            values["KAFKA_BOOTSTRAP_SERVERS"],
            passwords,
            kafka_security,
            durability,
        )
    )
    print("database roles, schemas, migrations and Kafka topics are in place")


def seed_demo_data(args: argparse.Namespace) -> None:
    result = asyncio.run(seed_demo(args.tenancy_url, args.booking_url, staff_token(args)))
    print(
        f"demo data: {len(result.tenant_ids)} tenants, {len(result.lease_ids)} leases, "
        f"{len(result.booking_ids)} bookings"
    )
