"""``bitc backup`` and ``bitc restore``: the whole database in one consistent snapshot, and back
(bitc/database_backup.py, bitc/restore_actions.py; docs/operations.md, "Back up and restore")."""

import argparse
from datetime import datetime
from pathlib import Path

from bitc.command_runs import Run

_DATABASE_URL = "a superuser's URL of the `bitc` database (default: $ADMIN_DATABASE_URL)"
_PG_BIN = "folder holding pg_dump/pg_restore, as new as the server (default: $BITC_PG_BIN, PATH)"


def add_backup_commands(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser(
        "backup",
        help="dump every service's schema in one snapshot, with a manifest beside it",
        description="Writes INTO/bitc-<UTC time>/bitc.dump (pg_dump custom format) and "
        "manifest.json (time, schemas, migration heads, outbox high-water marks).",
    )
    backup.add_argument("--into", type=Path, required=True, help="folder the backups go into")
    backup.add_argument("--keep", type=int, help="then remove all but the newest KEEP backups")
    backup.add_argument("--database-url", help=_DATABASE_URL)
    backup.add_argument("--pg-bin", help=_PG_BIN)
    backup.set_defaults(run=Run("bitc.database_backup:backup"))

    restore = commands.add_parser(
        "restore",
        help="restore a backup into an empty database, then check its migration heads",
        description="Refuses a database that already holds schemas unless --replace. With "
        "--kafka it also marks published the outbox rows found on Kafka, rewinds the services' "
        "consumer groups to the backup time and lists the events made after the backup. Stop "
        "the services first; run `bitc setup` before starting them again.",
    )
    restore.add_argument("backup", type=Path, help="a bitc-<time> folder made by `bitc backup`")
    restore.add_argument(
        "--replace", action="store_true", help="overwrite the schemas the target already holds"
    )
    restore.add_argument(
        "--kafka", help="bootstrap servers of the platform's Kafka, to reconcile with it"
    )
    _rewind_margin(restore)
    restore.add_argument("--database-url", help=_DATABASE_URL)
    restore.add_argument("--pg-bin", help=_PG_BIN)
    restore.set_defaults(run=Run("bitc.restore_actions:restore"))

    reconcile = commands.add_parser(
        "reconcile-kafka",
        help="after a point-in-time recovery: what `bitc restore --kafka` does with Kafka",
        description="Marks published the outbox rows found on Kafka, rewinds the services' "
        "consumer groups to AS_OF and lists the events made after it. Stop the services first.",
    )
    reconcile.add_argument(
        "--as-of",
        type=_moment,
        required=True,
        help="the recovery target time, with its offset (2026-12-07T09:14:00+07:00)",
    )
    reconcile.add_argument("--kafka", required=True, help="bootstrap servers of the platform")
    _rewind_margin(reconcile)
    reconcile.add_argument("--database-url", help=_DATABASE_URL)
    reconcile.set_defaults(run=Run("bitc.restore_actions:reconcile_kafka"))


def _rewind_margin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rewind-margin-minutes",
        type=float,
        default=60,
        help="consumer groups go back this much further, for consumer lag (default 60)",
    )


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text} has no UTC offset, e.g. +07:00 for WIB")
    return moment
