"""Reading what the mail catcher caught: its Maildir, oldest message first, numbered from 1."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from bitc.devstack.errors import DevStackError


@dataclass(frozen=True)
class CaughtMessage:
    number: int
    date: str
    to: str
    subject: str
    raw: bytes

    def parsed(self) -> EmailMessage:
        message = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        return message


def caught_messages(maildir: Path) -> list[CaughtMessage]:
    """Every message caught so far; none when the catcher never ran."""
    if not (maildir / "new").is_dir():
        return []
    # A Maildir file is complete once it is in new/ (or cur/, once a mail reader saw it).
    files = sorted(
        (maildir / sub / name for sub in ("new", "cur") for name in _names(maildir / sub)),
        key=lambda path: (path.stat().st_mtime_ns, path.name),
    )
    messages = []
    for number, path in enumerate(files, start=1):
        raw = path.read_bytes()
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        # Without a Date header, the moment it was caught stands in.
        caught = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        date = _date(parsed["Date"]) or caught.isoformat(sep=" ", timespec="seconds")
        to, subject = (str(parsed[name] or "").strip() for name in ("To", "Subject"))
        messages.append(CaughtMessage(number, date[:19], to, subject, raw))
    return messages


def caught_message(maildir: Path, number: int) -> CaughtMessage:
    messages = caught_messages(maildir)
    if not 1 <= number <= len(messages):
        raise DevStackError(
            f"no message {number}: {len(messages)} caught in {maildir} (see `bitc dev mail`)"
        )
    return messages[number - 1]


def _names(folder: Path) -> list[str]:
    return (
        [p.name for p in folder.iterdir() if not p.name.startswith(".")] if folder.is_dir() else []
    )


def _date(header: str | None) -> str:
    if not header:
        return ""
    try:
        return parsedate_to_datetime(header).isoformat(sep=" ", timespec="seconds")
    except (TypeError, ValueError):
        return header
