"""Turning the fault drills' platform into one that e-mails, for the drills that count e-mail
(the others do not send: their effect checked is the notification row). E-mail those drills left
unsent is withdrawn first: it would only queue in front of the e-mail being counted."""

from collections.abc import Mapping

import asyncpg
from sqlalchemy.engine import make_url

from bitc.fault_drill import Drill


async def withdraw_unsent_email(admin_dsn: str) -> None:
    dsn = make_url(admin_dsn).set(drivername="postgresql").render_as_string(False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "UPDATE notifications.notifications SET status = 'withdrawn'"
            " WHERE channel = 'email' AND status IN ('pending', 'failed')"
        )
    finally:
        await conn.close()


async def restart_notifications_mailing(
    drill: Drill, settings: Mapping[str, str]
) -> Mapping[str, str]:
    """Restarts notifications with ``settings`` over its own; returns its environment before."""
    stack = drill.platform.stack
    record = stack.table.get("notifications")
    assert record is not None, "the drill platform runs no notifications"
    await withdraw_unsent_email(drill.platform.admin_dsn)
    await stack.restart_service("notifications", {**record.env, **settings})
    return record.env
