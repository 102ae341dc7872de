"""Example subscriber of bitc.booking.events.v1: validates every event against the published
schemas, skips redeliveries by CloudEvents id, and prints booked hours per site and space type.

    python subscriber.py --bootstrap localhost:29093 --user city-dashboard --password ...
"""

import argparse
import asyncio
import os
import sys
import time
from collections import OrderedDict
from datetime import date, datetime
from pathlib import Path

from aiokafka import AIOKafkaConsumer
from aiokafka.helpers import create_ssl_context
from occupancy import WIB, Occupancy
from validation import Contract, InvalidEvent

HERE = Path(__file__).resolve().parent
SEEN_IDS_KEPT = 100_000  # at-least-once delivery: remember recent ids to drop redeliveries


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap", default=os.environ.get("KAFKA_BOOTSTRAP", "localhost:29093"))
    parser.add_argument("--topic", default="bitc.booking.events.v1")
    parser.add_argument("--schemas", type=Path, default=HERE.parents[1] / "docs" / "schemas")
    parser.add_argument("--user", default=os.environ.get("KAFKA_USER"), help="SASL/SCRAM user")
    parser.add_argument("--password", default=os.environ.get("KAFKA_PASSWORD"))
    parser.add_argument("--tls", action="store_true", help="SASL_SSL instead of SASL_PLAINTEXT")
    parser.add_argument("--group", help="consumer group (default: <user>.occupancy)")
    parser.add_argument("--date", type=date.fromisoformat, help="'today' (default: now in WIB)")
    parser.add_argument("--max-messages", type=int, help="stop after reading this many records")
    parser.add_argument("--max-seconds", type=float, help="stop after this long")
    parser.add_argument("--print-every", type=float, default=5.0, help="seconds between summaries")
    return parser.parse_args()


def consumer_for(args: argparse.Namespace) -> AIOKafkaConsumer:
    security: dict = {}
    if args.user:
        security = {
            "security_protocol": "SASL_SSL" if args.tls else "SASL_PLAINTEXT",
            "sasl_mechanism": "SCRAM-SHA-512",
            "sasl_plain_username": args.user,
            "sasl_plain_password": args.password,
            "ssl_context": create_ssl_context() if args.tls else None,
        }
    return AIOKafkaConsumer(
        args.topic,
        bootstrap_servers=args.bootstrap,
        group_id=args.group or f"{args.user or 'bitc-example'}.occupancy",
        auto_offset_reset="earliest",
        enable_auto_commit=False,  # commit after handling, never before
        **security,
    )


async def run(args: argparse.Namespace) -> None:
    contract = Contract(args.schemas)
    occupancy = Occupancy(args.date or datetime.now(WIB).date())
    seen: OrderedDict[str, None] = OrderedDict()
    counts = {"valid": 0, "duplicate": 0, "invalid": 0, "unknown type": 0}
    consumer = consumer_for(args)
    await consumer.start()
    started = last_print = time.monotonic()
    read = 0
    try:
        while (args.max_messages is None or read < args.max_messages) and (
            args.max_seconds is None or time.monotonic() - started < args.max_seconds
        ):
            batch = await consumer.getmany(timeout_ms=500)
            for record in (r for records in batch.values() for r in records):
                read += 1
                try:
                    event = contract.validate(record.value)
                except InvalidEvent as error:
                    counts["invalid"] += 1
                    print(f"invalid event at offset {record.offset}: {error}", file=sys.stderr)
                    continue
                if event["id"] in seen:
                    counts["duplicate"] += 1
                    continue
                seen[event["id"]] = None
                if len(seen) > SEEN_IDS_KEPT:
                    seen.popitem(last=False)
                if not contract.knows(event["dataschema"]):
                    counts["unknown type"] += 1  # a newer event we have no use for yet
                    continue
                counts["valid"] += 1
                occupancy.apply(
                    event["type"].removeprefix("id.bitc.").rsplit(".", 1)[0], event["data"]
                )
            if batch:
                await consumer.commit()
            if time.monotonic() - last_print >= args.print_every:
                print(occupancy.summary(), flush=True)
                last_print = time.monotonic()
    finally:
        await consumer.stop()
    print(occupancy.summary())
    print("events: " + ", ".join(f"{n} {what}" for what, n in counts.items()), flush=True)


if __name__ == "__main__":
    asyncio.run(run(parse_args()))
