"""Bookable spaces of BITC and Cimahi Techno Park."""

import uuid
from dataclasses import dataclass

from contracts.booking import Site, SpaceType


@dataclass(frozen=True)
class Space:
    id: uuid.UUID
    site: Site
    code: str
    name: str
    type: SpaceType
    capacity: int
    active: bool
