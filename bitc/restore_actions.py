"""What ``bitc restore`` does and prints (the parser is in bitc/backup_commands.py)."""

import argparse
import asyncio
from datetime import timedelta

from bitc.backup_manifest import Manifest
from bitc.database_backup import database_url
from bitc.database_restore import restore_backup
from bitc.restore_reconciliation import KafkaReconciliation, reconcile_with_kafka
from shared.messaging.kafka_clients import KafkaSecurity
from shared.runtime.settings import KafkaClientSettings

_NEXT = "next: `bitc setup` (login roles' passwords, grants, migrations), then the services"


def restore(args: argparse.Namespace) -> None:
    url = database_url(args.database_url, "restore")
    manifest = Manifest.read(args.backup)
    heads = asyncio.run(restore_backup(url, args.backup, replace=args.replace, pg_bin=args.pg_bin))
    print(f"restored {', '.join(manifest.schemas)} as of {manifest.taken_at.isoformat()}")
    for head in heads:
        print(f"  {head.advice()}")
    if args.kafka:
        # As `bitc setup` does: KAFKA_SECURITY_PROTOCOL and KAFKA_SASL_* where Kafka demands it.
        security = KafkaSecurity.from_settings(KafkaClientSettings())
        margin = timedelta(minutes=args.rewind_margin_minutes)
        reconciled = asyncio.run(
            reconcile_with_kafka(url, manifest.taken_at, args.kafka, security, margin)
        )
        print_reconciliation(reconciled)
    print(_NEXT)


def reconcile_kafka(args: argparse.Namespace) -> None:
    """After a point-in-time recovery to ``--as-of``: the Kafka half of a restore."""
    url = database_url(args.database_url, "reconcile-kafka")
    margin = timedelta(minutes=args.rewind_margin_minutes)
    security = KafkaSecurity.from_settings(KafkaClientSettings())
    print_reconciliation(
        asyncio.run(reconcile_with_kafka(url, args.as_of, args.kafka, security, margin))
    )
    print(_NEXT)


def print_reconciliation(reconciled: KafkaReconciliation) -> None:
    for schema, rows in reconciled.marked_published.items():
        print(f"  {schema}: {rows} outbox rows were already on Kafka, marked published")
    for group, partitions in reconciled.rewound.items():
        print(f"  consumer group {group}: {partitions} partitions rewound")
    print(f"  {len(reconciled.after_backup)} events on Kafka are newer than the backup:")
    for event in reconciled.after_backup:
        print(f"    {event.at.isoformat()} {event.topic} {event.event_type} key={event.key}")
