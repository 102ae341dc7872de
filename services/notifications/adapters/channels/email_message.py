"""Builds the e-mail for an outbound message the way receiving mail systems expect (RFC 5322):
a Date, a Message-ID on the sender's own domain, and a plain and an HTML part of the same text.

The Subject gets its own folding because the standard library's folder has two faults a reader
sees: a value that fits on a line of its own is moved whole onto the line after ``Subject:``
(shown with a leading space; still so in Python 3.13), and on Python 3.11 a fold between two
encoded words drops the space between them.
"""

import html
import re
from datetime import datetime
from email.header import Header
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.policy import Policy
from email.utils import parseaddr

from services.notifications.adapters.channels import OutboundMessage

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class SubjectHeader(UnstructuredHeader):
    def fold(self, *, policy: Policy) -> str:
        if not str(self).isascii():
            # The whole value as encoded words: every space is inside one, so none is lost.
            words = Header(str(self), "utf-8", header_name=self.name).encode(linesep=policy.linesep)
            return f"{self.name}: {words}{policy.linesep}"
        folded: str = super().fold(policy=policy)
        bare_label = f"{self.name}:{policy.linesep} "
        if folded.startswith(bare_label):
            return f"{self.name}: {folded[len(bare_label) :]}"
        return folded


def _header_factory() -> HeaderRegistry:
    registry = HeaderRegistry()
    registry.map_to_type("subject", SubjectHeader)
    return registry


_MAIL_POLICY = SMTP_POLICY.clone(header_factory=_header_factory())


def sender_domain(sender: str) -> str:
    """``BITC <noreply@bitc.example>`` → ``bitc.example``; ValueError if it has none."""
    _, address = parseaddr(sender)
    local, _, domain = address.rpartition("@")
    if not local or not domain:
        raise ValueError(f"not an e-mail address with a domain: {sender!r}")
    return domain


def build_email(message: OutboundMessage, *, sender: str, sent_at: datetime) -> EmailMessage:
    mail = EmailMessage(policy=_MAIL_POLICY)
    mail["From"] = sender
    mail["To"] = message.address
    mail["Subject"] = message.subject
    mail["Date"] = sent_at
    # The notification's own id, so a message staff send again is recognised as the same one.
    mail["Message-ID"] = f"<{message.notification_id}@{sender_domain(sender)}>"
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to us
    mail["X-BITC-Notification-Id"] = str(message.notification_id)
    mail.set_content(message.text)
    mail.add_alternative(html_version(message.text), subtype="html")
    return mail


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
