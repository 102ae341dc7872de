"""Personal data must never reach a public topic (docs/events.md, "No personal data"): detectors
for schemas and values.

Strict on purpose: a property whose name *could* hold personal data fails, and the fix is a
better name or a private topic. Words are matched whole (``site`` is not ``sit``), so ids and
codes that merely contain letters like "name" in another word pass; ``title`` (of a space) and
``category`` are not personal data.
"""

import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

_PERSONAL_WORDS = frozenset(
    {
        # people's names
        "name", "names", "firstname", "lastname", "fullname", "surname", "nickname", "person",
        "contact", "owner", "pic",
        # how to reach someone
        "email", "mail", "phone", "telephone", "mobile", "msisdn", "whatsapp", "fax",
        "address", "street", "postal", "postcode", "zip", "rt", "rw", "kelurahan",
        # identity documents and personal tax ids (Indonesia: NIK on the KTP, NPWP)
        "nik", "npwp", "ktp", "kk", "passport", "ssn", "birth", "birthday", "dob", "gender",
    }
)  # fmt: skip
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"^\+?[\d\s().-]{8,}$")


def personal_data_fields(schema: dict[str, Any]) -> list[str]:
    """Property paths (at any depth, through ``$defs``) whose name suggests personal data."""
    return sorted({path for path, name in _property_names(schema, "") if _is_personal(name)})


def personal_data_values(value: Any, path: str = "") -> list[str]:
    """Paths of string values that look like an e-mail address or a phone number."""
    if isinstance(value, dict):
        return [
            hit
            for key, item in value.items()
            for hit in personal_data_values(item, f"{path}.{key}")
        ]
    if isinstance(value, list):
        return [
            hit
            for index, item in enumerate(value)
            for hit in personal_data_values(item, f"{path}[{index}]")
        ]
    if not isinstance(value, str) or _is_id_or_time(value):
        return []
    if _EMAIL.search(value):
        return [f"{path}: e-mail-like {value!r}"]
    if _PHONE.match(value) and sum(char.isdigit() for char in value) >= 8:
        return [f"{path}: phone-like {value!r}"]
    return []


def _is_personal(name: str) -> bool:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    words = set(re.split(r"[^a-z0-9]+", spaced))
    return bool(words & _PERSONAL_WORDS) or "email" in spaced or "phone" in spaced


def _property_names(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """(path, name) of every property; definitions' paths start with ``#<definition>``."""
    if isinstance(node, dict):
        for name, child in (node.get("properties") or {}).items():
            yield f"{path}.{name}", name
            yield from _property_names(child, f"{path}.{name}")
        for definition, child in (node.get("$defs") or {}).items():
            yield from _property_names(child, f"#{definition}")
        for key, child in node.items():
            if key not in ("properties", "$defs"):
                yield from _property_names(child, path)
    elif isinstance(node, list):
        for child in node:
            yield from _property_names(child, path)


def _is_id_or_time(value: str) -> bool:
    for parse in (uuid.UUID, datetime.fromisoformat, date.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return True
    return False
