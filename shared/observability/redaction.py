"""Personal data kept out of logs: e-mail addresses and phone numbers are replaced wherever they
appear in a log line (message, extra values, exception text). Logs are read and kept by more
people, for longer, than the contact data itself, which lives only in its service's schema."""

import re
from typing import Any

EMAIL_PLACEHOLDER = "[email]"
PHONE_PLACEHOLDER = "[phone]"

_EMAIL = re.compile(r"[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# International (+62…, 62…) or local (0…) numbers, digits grouped by spaces, dots, dashes or
# parentheses, standing alone: ids, dates and times (letters, "T" or ":" around) are not matched.
_PHONE = re.compile(r"(?<![\w+.:/-])\(?(?:\+|\b62|\b0)\d[\d\s().-]{6,}\d(?![\w:/-])")
_PHONE_DIGITS = range(9, 16)  # E.164 allows at most 15; fewer than 9 is no phone number


def _phone(match: re.Match[str]) -> str:
    digits = sum(c.isdigit() for c in match.group())
    return PHONE_PLACEHOLDER if digits in _PHONE_DIGITS else match.group()


def redact(text: str) -> str:
    return _PHONE.sub(_phone, _EMAIL.sub(EMAIL_PLACEHOLDER, text))


def redact_value(value: Any) -> Any:
    """A log field's value with the personal data in its text replaced; numbers stay numbers."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(item) for item in value]
    return redact(str(value))
