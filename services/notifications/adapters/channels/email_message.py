"""Builds the e-mail for an outbound message the way receiving mail systems expect (RFC 5322):
a Date, a Message-ID on the sender's own domain, and a plain and an HTML part of the same text,
quoted-printable so that the Indonesian text stays readable in the raw message.

It is built with the standard library's compat32 classes (``email.mime``), not ``EmailMessage``:
that one parses every header into an object and folds it again, which cost more CPU per message
than storing and planning the notification together (docs/performance.md). compat32 also folds
the Subject the way a reader expects: a non-ASCII Subject becomes encoded words that keep every
space, and an ASCII one is folded only at its spaces, after the text on the ``Subject:`` line.
"""

import html
import re
from datetime import datetime
from email.charset import QP, Charset
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr

from services.notifications.adapters.channels import OutboundMessage

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_UTF8_QUOTED_PRINTABLE = Charset("utf-8")
_UTF8_QUOTED_PRINTABLE.body_encoding = QP


def sender_domain(sender: str) -> str:
    """``BITC <noreply@bitc.example>`` → ``bitc.example``; ValueError if it has none."""
    _, address = parseaddr(sender)
    local, _, domain = address.rpartition("@")
    if not local or not domain:
        raise ValueError(f"not an e-mail address with a domain: {sender!r}")
    return domain


def build_email(message: OutboundMessage, *, sender: str, sent_at: datetime) -> MIMEMultipart:
    mail = MIMEMultipart("alternative")
    # formataddr encodes a display name that is not ASCII; the address itself must be.
    mail["From"] = formataddr(parseaddr(sender), charset="utf-8")
    mail["To"] = message.address
    subject: str | Header = message.subject
    if not message.subject.isascii():
        subject = Header(message.subject, "utf-8", header_name="Subject")
    mail["Subject"] = subject
    mail["Date"] = format_datetime(sent_at)
    # The notification's own id, so a message staff send again is recognised as the same one.
    mail["Message-ID"] = f"<{message.notification_id}@{sender_domain(sender)}>"
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to us
    mail["X-BITC-Notification-Id"] = str(message.notification_id)
    mail.attach(_text_part(message.text, "plain"))
    mail.attach(_text_part(html_version(message.text), "html"))
    return mail


def _text_part(text: str, subtype: str) -> MIMEText:
    part = MIMEText(text, subtype, _UTF8_QUOTED_PRINTABLE)
    del part["MIME-Version"]  # once, on the whole message, is what RFC 2045 asks for
    return part


def html_version(text: str) -> str:
    """The same text as HTML: a paragraph per blank-line-separated block, its lines kept."""
    paragraphs = (
        "<p>" + "<br>\n".join(html.escape(line) for line in block.splitlines()) + "</p>"
        for block in _PARAGRAPH_BREAK.split(text.strip())
    )
    body = "\n".join(paragraphs)
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f"<body>\n{body}\n</body></html>\n"
    )
