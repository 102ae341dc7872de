"""What ``bitc replay SERVICE PROJECTION`` does (the parser is bitc/replay_command.py): the
command around bitc/replay.py, for the projections the service's blueprint declares
(bitc/service_events.py)."""

import argparse
import asyncio
import os
import sys
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from bitc.devstack import DevStack
from bitc.operator_kafka import explained_refusals, operator_kafka
from bitc.replay import ReplayReport, rebuild
from bitc.service_events import replayable
from shared.messaging.kafka_clients import PLAINTEXT, KafkaSecurity
from shared.messaging.projections import Projection
from shared.persistence.db import create_engine
from shared.persistence.unit_of_work import UnitOfWork


def offered() -> dict[str, tuple[str, ...]]:
    """Service -> the names of the projections it lets operators rebuild."""
    return {s: tuple(p.name for p in b.projections) for s, b in replayable().items()}


def replay(args: argparse.Namespace) -> None:
    blueprint = replayable().get(args.service)
    projection = next(
        (p for p in blueprint.projections if p.name == args.projection) if blueprint else (), None
    )
    if blueprint is None or projection is None:
        choices = ", ".join(f"{s} {p}" for s, ps in offered().items() for p in ps)
        sys.exit(
            f"bitc replay: {args.service} has no projection {args.projection!r}; "
            f"rebuildable: {choices}"
        )
    unit_of_work = blueprint.unit_of_work
    # Kafka as the operator (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*), the database as the service.
    kafka, database_url = operator_kafka(args.kafka), _database_url(args)
    with explained_refusals("bitc replay", kafka):
        report = asyncio.run(
            run_replay(projection, unit_of_work, database_url, kafka.bootstrap, kafka.security)
        )
    print(f"{args.service} {projection.name} rebuilt: {report.summary()}")


async def run_replay(
    projection: Projection,
    unit_of_work: Callable[[AsyncEngine], UnitOfWork],
    database_url: str,
    bootstrap: str,
    security: KafkaSecurity = PLAINTEXT,
) -> ReplayReport:
    engine = create_engine(database_url, 1)
    try:
        return await rebuild(projection, lambda: unit_of_work(engine), bootstrap, security)
    finally:
        await engine.dispose()


def _database_url(args: argparse.Namespace) -> str:
    if url := args.database_url or os.environ.get("DATABASE_URL"):
        return url
    record = DevStack().table.get(args.service)
    if record is None:
        sys.exit("bitc replay: give --database-url or DATABASE_URL (the service's own role)")
    return record.env["DATABASE_URL"]
