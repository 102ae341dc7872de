"""Column shapes every service schema declares alike, so each table lists only what is its own."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID


def timestamptz(name: str, *, nullable: bool = False, **options: Any) -> sa.Column:
    """A moment in time, stored with its time zone; required unless said otherwise."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, **options)


def uuid_column(name: str, *args: Any, **options: Any) -> sa.Column:
    """An id column (``args`` may add a foreign key)."""
    return sa.Column(name, UUID(as_uuid=True), *args, **options)
