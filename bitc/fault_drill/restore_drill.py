"""The restore drill (issue #16): bookings flow while ``bitc backup`` runs, more follow, then the
database is lost. ``bitc restore --kafka`` brings the backup into a fresh PostgreSQL cluster,
the services start on it against the same Kafka, and the account (bitc/fault_drill/
restore_account.py) says what the restored platform published, handled and sent.

    async with drill_session(extra_env=SENDING_ENV) as drill:
        report = await restore_drill(drill, backups)
"""

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg

from bitc.backup_manifest import Manifest
from bitc.devstack import throwaway_stack
from bitc.fault_drill import records
from bitc.fault_drill.drill import Drill
from bitc.fault_drill.drill_platform import SENDING_ENV
from bitc.fault_drill.load import BookingLoad, new_space
from bitc.fault_drill.restore_account import (
    DUE,
    RestoreReport,
    account,
    in_status,
    mail_by_notification,
    notified_bookings,
    outstanding,
    sent_notifications,
)
from bitc.fault_drill.waiting import settle
from bitc.platform import start_platform
from bitc.provision import SERVICES

_SETTLE_WITHIN_S = 120


async def restore_drill(drill: Drill, backups: Path) -> RestoreReport:
    platform = drill.platform
    space_id = await new_space(drill.booking, "restore")
    load = BookingLoad(drill.booking, drill.tenant_id, space_id)
    async with load.running():
        await load.more(20)
        before_backup = len(load.outcome.acknowledged)
        database = platform.admin_dsn
        printed = await _bitc("backup", "--into", str(backups), "--database-url", database)
        await load.more(20)
    backup = Path(printed.splitlines()[-1])  # `bitc backup` prints the new folder last
    async with drill.database() as conn:
        await settle(
            lambda: outstanding(conn, space_id),
            lambda left: not any(left.values()),
            within_s=_SETTLE_WITHIN_S,
            what="the old platform published, notified and mailed everything",
        )
        old_notifications = await notified_bookings(conn)
    # The disaster: the database and the services on it are gone; Kafka and the mail stay.
    for name in (*SERVICES, "postgres"):
        platform.stack.stop_service(name)
    with throwaway_stack("bitc-restored-") as fresh:
        endpoints = await fresh.start_infra(kafka_bootstrap=platform.kafka_bootstrap)
        restored_by = await _bitc(
            "restore", str(backup), "--database-url", endpoints.admin_dsn,
            "--kafka", platform.kafka_bootstrap,
        )  # fmt: skip
        async with _connected(endpoints.admin_dsn) as conn:
            sent_at_backup = await sent_notifications(conn)
            restored = await records.committed_bookings(conn, space_id)
            in_flight = await in_status(conn, restored, ("sending",))
        running = await start_platform(
            fresh,
            kafka_bootstrap=platform.kafka_bootstrap,
            admin_dsn=endpoints.admin_dsn,
            extra_env=SENDING_ENV,
        )
        async with _connected(endpoints.admin_dsn) as conn:
            await settle(
                lambda: outstanding(conn, space_id, DUE),
                lambda left: not any(left.values()),
                within_s=_SETTLE_WITHIN_S,
                what="the restored platform published, notified and mailed everything",
            )
            notifications = old_notifications | await notified_bookings(conn)
            report = await account(
                conn,
                space_id=space_id,
                kafka_bootstrap=running.endpoints.kafka_bootstrap,
                acknowledged=load.outcome.acknowledged,
                before_backup=before_backup,
                old_mail=mail_by_notification(platform.stack.mail_dir),
                new_mail=mail_by_notification(fresh.mail_dir),
                notifications=notifications,
                sent_at_backup=sent_at_backup,
                in_flight_at_backup=in_flight,
                restore_output=restored_by,
            )
    report.manifest = Manifest.read(backup)
    return report


async def _bitc(*argv: str) -> str:
    """Runs the ``bitc`` command as an operator would, without stopping the load meanwhile."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bitc.cli",
        *argv,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, errors = await process.communicate()
    if process.returncode != 0:
        raise AssertionError(f"bitc {argv[0]} failed: {errors.decode()[-2000:]}")
    return out.decode().strip()


@contextlib.asynccontextmanager
async def _connected(dsn: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(dsn)
    try:
        yield conn
    finally:
        await conn.close(timeout=5)
