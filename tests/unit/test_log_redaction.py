"""Log lines never carry a person's e-mail address or phone number, wherever it appears, while
ids, dates, times and counts stay readable for whoever reads the logs."""

import json
import logging

import pytest

from shared.observability.logging import JsonFormatter
from shared.observability.redaction import redact


def _line(msg: str, *args: object, exc: BaseException | None = None, **extra: object) -> dict:
    record = logging.makeLogRecord({"msg": msg, "args": args, "name": "t", **extra})
    if exc is not None:
        record.exc_info = (type(exc), exc, exc.__traceback__)
    return json.loads(JsonFormatter("notifications", "i-1").format(record))


@pytest.mark.parametrize(
    "phone",
    [
        "081234567890",
        "0812-3456-7890",
        "0812 3456 7890",
        "(0812) 3456.7890",
        "6281234567890",
        "+6281234567890",
        "+62 812 3456 7890",
        "+62-812-3456-7890",
        "021-5551234",
    ],
)
def test_phone_numbers_in_any_written_form_are_redacted(phone):
    assert redact(f"sending WhatsApp to {phone}, attempt 2") == (
        "sending WhatsApp to [phone], attempt 2"
    )


@pytest.mark.parametrize(
    "text",
    [
        "tenant 01234567-0123-4567-89ab-0123456789ab activated",
        "lease ends 2026-12-01T08:41:34+07:00",
        "booked 2026-12-01 08:00 to 10:00",
        "partition 0 offset 123456789012 lag 0",
        "took 0.0123456789 s",
        "GET /tenants/0812345678901/leases",
    ],
)
def test_ids_dates_times_and_counts_are_kept(text):
    assert redact(text) == text


def test_the_message_extra_values_and_exception_are_redacted():
    try:
        raise RuntimeError("550 mailbox asep@example.id unavailable")
    except RuntimeError as error:
        line = _line(
            "delivery to %s failed",
            "asep@example.id",
            exc=error,
            recipient="Asep <asep@example.id>",
            contact={"phone": "+6281234567890", "emails": ["a.b+c@mail.bitc.co.id"]},
            attempts=3,
        )
    assert line["message"] == "delivery to [email] failed"
    assert line["recipient"] == "Asep <[email]>"
    assert line["contact"] == {"phone": "[phone]", "emails": ["[email]"]}
    assert line["attempts"] == 3
    assert "asep@example.id" not in line["exception"]
    assert "550 mailbox [email] unavailable" in line["exception"]
