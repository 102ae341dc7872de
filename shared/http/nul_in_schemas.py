"""Says in the OpenAPI document what shared.http.nul_characters and shared.http.request_bodies
enforce:
no text anywhere in a request may hold the NUL character (PostgreSQL cannot store it). Without
this every free-text member and parameter promised to take ``"\\u0000"`` and the server refused
it with 422.

Only free text gets the pattern: an enum, a pattern of its own or a format (uuid, date-time,
email, uri) already rules NUL out.
"""

from typing import Any

NO_NUL_PATTERN = r"^[^\u0000]*$"
_ALREADY_CONSTRAINED = ("enum", "const", "pattern", "format")


def forbid_nul_in_text(node: Any) -> None:
    """Adds the no-NUL pattern to every free-text string schema under ``node``, in place."""
    if isinstance(node, list):
        for item in node:
            forbid_nul_in_text(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and not any(key in node for key in _ALREADY_CONSTRAINED):
        node["pattern"] = NO_NUL_PATTERN
    for value in node.values():
        forbid_nul_in_text(value)
