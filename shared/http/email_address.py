"""An e-mail address as the API takes it: pydantic's ``EmailStr`` (the email-validator library),
which also refuses the special-use domains (``.test``, ``.local``, ...) no message can reach, so
the published schema says so too. Without it the schema's ``format: email`` alone promised that
``someone@kopikode.test`` is taken."""

from typing import Annotated

from email_validator import SPECIAL_USE_DOMAIN_NAMES
from pydantic import EmailStr, WithJsonSchema


def _any_case(word: str) -> str:
    # JSON Schema patterns (ECMA-262) have no case-insensitive flag.
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in word)


_RESERVED = "|".join(_any_case(name) for name in sorted(SPECIAL_USE_DOMAIN_NAMES))
#: Something before the @; after it a dotted domain not in a special-use name; no NUL anywhere.
DELIVERABLE_PATTERN = rf"^[^@\u0000]+@(?![^@]*\.(?:{_RESERVED})$)[^@\u0000]+\.[^@.\u0000]+$"

EmailAddress = Annotated[
    EmailStr,
    WithJsonSchema(
        {
            "type": "string",
            "format": "email",
            "pattern": DELIVERABLE_PATTERN,
            "description": "A deliverable address: a dotted domain, not a special-use name "
            f"({', '.join('.' + name for name in sorted(SPECIAL_USE_DOMAIN_NAMES))})",
        }
    ),
]
