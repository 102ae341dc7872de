"""The account of the restore drill: what the restored platform holds, what is on the booking
topic for it, what its inbox handled and how often each booking was mailed, by the old platform
(before the database was lost) and by the restored one."""

from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

import asyncpg

from bitc.backup_manifest import Manifest
from bitc.devstack.caught_mail import caught_messages
from bitc.fault_drill import kafka_log, records
from contracts.booking import BookingConfirmed
from contracts.topics import BOOKING_EVENTS

_CONFIRMED = BookingConfirmed.cloudevent_type()


@dataclass
class RestoreReport:
    acknowledged: int  # bookings answered 201 over the whole drill
    before_backup: int  # of those, acknowledged before `bitc backup` began
    restored: int  # bookings the restored database holds
    after_backup: int  # acknowledged but not in the backup: the loss window
    after_backup_on_topic: int  # of those, whose booking.confirmed is on the topic
    after_backup_listed: int  # of those, that `bitc restore` listed as newer than the backup
    events_on_topic: int  # booking.confirmed records of the restored bookings
    duplicates: int  # copies beyond the first of those events on the topic
    missing: int  # restored bookings without their event on the topic
    handled: int  # those events in the restored notifications inbox
    notified_once: int  # restored bookings with exactly one confirmation notification
    in_flight_at_backup: int  # restored notifications the backup caught mid-send: given up
    unmailed: int  # restored bookings nobody was mailed about
    mailed_twice: int  # bookings mailed twice, old and restored platform together
    remailed_by_restored: int  # restored platform mails beyond one per booking, or of
    # notifications the backup already held as sent
    manifest: Manifest | None = field(default=None, repr=False)
    restore_output: str = field(default="", repr=False)

    def table(self) -> str:
        """One row per figure, as docs/operations.md shows a real run."""
        figures = [f.name for f in fields(self) if f.repr]
        rows = [f"| {name.replace('_', ' ')} | {getattr(self, name)} |" for name in figures]
        return "\n".join(["| restore drill | count |", "|---|---|", *rows])


async def notified_bookings(conn: asyncpg.Connection) -> dict[str, str]:
    """notification id -> booking id, of every booking confirmation notification."""
    rows = await conn.fetch(
        "SELECT id::text, details->>'booking_id' AS booking_id "
        "FROM notifications.notifications WHERE category = 'booking_confirmed'"
    )
    return {row["id"]: row["booking_id"] for row in rows}


async def sent_notifications(conn: asyncpg.Connection) -> set[str]:
    rows = await conn.fetch(
        "SELECT id::text FROM notifications.notifications WHERE status = 'sent'"
    )
    return {row["id"] for row in rows}


def mail_by_notification(maildir: Path) -> Counter[str]:
    """How many messages the mail catcher caught per notification id."""
    return Counter(
        str(message.parsed()["X-BITC-Notification-Id"]) for message in caught_messages(maildir)
    )


#: Not yet sent. A restored ``sending`` row was in flight when the backup was taken: its
#: outcome is unknown, so the sender gives it up after its lease rather than risk a duplicate.
UNSENT = ("pending", "failed", "sending")
DUE = ("pending", "failed")


async def outstanding(
    conn: asyncpg.Connection, space_id: str, waiting: tuple[str, ...] = UNSENT
) -> dict[str, int]:
    """What is not done yet: outbox rows unpublished, bookings of the space not notified,
    their notifications still ``waiting``; all zero once the platform has settled."""
    committed = await records.committed_bookings(conn, space_id)
    unsent = await in_status(conn, committed, waiting)
    notified = await records.confirmations_notified(conn)
    return {
        "outbox rows": sum((await records.outbox_leftovers(conn)).values()),
        "bookings not notified": sum(notified[b] == 0 for b in committed),
        "notifications not sent": unsent,
    }


async def in_status(conn: asyncpg.Connection, bookings: set[str], statuses: tuple[str, ...]) -> int:
    """How many confirmation notifications of these bookings are in one of ``statuses``."""
    found: int = await conn.fetchval(
        "SELECT count(*) FROM notifications.notifications WHERE category = 'booking_confirmed' "
        "AND details->>'booking_id' = ANY($1::text[]) AND status = ANY($2::text[])",
        list(bookings),
        list(statuses),
    )
    return found


async def account(
    conn: asyncpg.Connection,
    *,
    space_id: str,
    kafka_bootstrap: str,
    acknowledged: set[str],
    before_backup: int,
    old_mail: Counter[str],
    new_mail: Counter[str],
    notifications: dict[str, str],
    sent_at_backup: set[str],
    in_flight_at_backup: int,
    restore_output: str,
) -> RestoreReport:
    restored = await records.committed_bookings(conn, space_id)
    events = await records.confirmation_events(conn, restored)
    on_topic = await kafka_log.read_topic(kafka_bootstrap, BOOKING_EVENTS)
    copies = Counter(kafka_log.event_id(record) for record in on_topic)
    confirmed_keys = {
        record.key.decode()
        for record in on_topic
        if record.key and kafka_log.header(record, "bitc-event-type") == _CONFIRMED
    }
    notified = await records.confirmations_notified(conn)
    lost = acknowledged - restored
    mails = Counter[str]()
    for notification, count in (old_mail + new_mail).items():
        mails[notifications.get(notification, "")] += count
    by_restored = Counter(notifications.get(n, "") for n in new_mail.elements())
    return RestoreReport(
        acknowledged=len(acknowledged),
        before_backup=before_backup,
        restored=len(restored),
        after_backup=len(lost),
        after_backup_on_topic=len(lost & confirmed_keys),
        after_backup_listed=sum(f"key={booking}" in restore_output for booking in lost),
        events_on_topic=sum(copies[e] for e in events.values()),
        duplicates=sum(max(copies[e] - 1, 0) for e in events.values()),
        missing=sum(copies[events[b]] == 0 if b in events else 1 for b in restored),
        handled=await records.handled(conn, events.values()),
        notified_once=sum(notified[b] == 1 for b in restored),
        in_flight_at_backup=in_flight_at_backup,
        unmailed=sum(mails[b] == 0 for b in restored),
        mailed_twice=sum(mails[b] > 1 for b in restored),
        remailed_by_restored=sum(max(by_restored[b] - 1, 0) for b in restored)
        + sum(count for n, count in new_mail.items() if n in sent_at_backup),
    )
