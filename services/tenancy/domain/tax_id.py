"""NPWP, the Indonesian tax id: 15 digits (often written 01.234.567.8-901.000) or, since the
2024 switch to NIK-based numbers, 16 digits."""

import re

from services.tenancy.domain.errors import InvalidTaxId

#: Every form accepted, as an ECMA/JSON Schema pattern too (the API publishes it): ASCII digits
#: only, and separators only in the official dotted layout.
NPWP_PATTERN = r"^(?:[0-9]{15}|[0-9]{16}|[0-9]{2}\.[0-9]{3}\.[0-9]{3}\.[0-9]-[0-9]{3}\.[0-9]{3})$"
_NPWP = re.compile(NPWP_PATTERN)


def normalise_npwp(raw: str) -> str:
    """The NPWP as bare digits."""
    if not _NPWP.fullmatch(raw):
        raise InvalidTaxId(
            f"{raw!r} is not an NPWP: use 15 digits (e.g. 01.234.567.8-901.000) or 16 digits"
        )
    return raw.replace(".", "").replace("-", "")
