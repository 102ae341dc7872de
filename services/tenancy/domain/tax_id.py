"""NPWP, the Indonesian tax id: 15 digits (often written 01.234.567.8-901.000) or, since the
2024 switch to NIK-based numbers, 16 digits."""

import re

from services.tenancy.domain.errors import InvalidTaxId

_SEPARATORS = re.compile(r"[\s.\-]")
_DOTTED_15 = re.compile(r"\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}")


def normalise_npwp(raw: str) -> str:
    """The NPWP as bare digits; separators are accepted only in the official dotted layout."""
    text = raw.strip()
    if re.fullmatch(r"\d{15}|\d{16}", text):
        return text
    if _DOTTED_15.fullmatch(text):
        return _SEPARATORS.sub("", text)
    raise InvalidTaxId(
        f"{raw!r} is not an NPWP: use 15 digits (e.g. 01.234.567.8-901.000) or 16 digits"
    )
