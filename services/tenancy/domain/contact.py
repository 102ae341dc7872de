"""A tenant's contact person: personal data, kept in the tenancy schema and on the private
contacts topic only."""

import re
from dataclasses import dataclass

from contracts.tenancy import Language
from services.tenancy.domain.errors import InvalidPhoneNumber

_SEPARATORS = re.compile(r"[\s\-().]")

#: What erased personal data reads as: no trace of the person, still a non-null column.
ERASED = ""


def normalise_phone(raw: str) -> str:
    """E.164 form of a phone number; Indonesian numbers may be written locally (0812…, 62812…)."""
    digits = _SEPARATORS.sub("", raw)
    if digits.startswith("+"):
        number = digits
    elif digits.startswith("0"):
        number = "+62" + digits[1:]
    elif digits.startswith("62"):
        number = "+" + digits
    else:
        raise InvalidPhoneNumber(f"{raw!r}: write it with a country code, e.g. +62812…")
    if not re.fullmatch(r"\+[1-9][0-9]{7,14}", number):
        raise InvalidPhoneNumber(f"{raw!r} is not a phone number")
    return number


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str | None
    language: Language

    def erased(self) -> "Contact":
        return Contact(name=ERASED, email=ERASED, phone=None, language=self.language)
