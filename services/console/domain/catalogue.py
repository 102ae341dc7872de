"""What the catalogue pages say about the spaces booking lists: sites with how many spaces
each has, and the spaces of one site in a stable order."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from contracts.tenancy import Site

#: The site names people know, by the site codes booking uses.
SITE_NAMES: dict[str, str] = {Site.BITC.value: "BITC", Site.TECHNO_PARK.value: "Cimahi Techno Park"}
#: Between the two ends of a span of time, as typeset text writes it.
EN_DASH = "\u2013"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class SiteSummary:
    code: str
    name: str
    spaces: int


def site_summaries(spaces: Iterable[Mapping[str, Any]]) -> list[SiteSummary]:
    """Every site, also one without active spaces, in the order of ``Site``."""
    counts = {site.value: 0 for site in Site}
    for space in spaces:
        if space.get("active", True) and space["site"] in counts:
            counts[space["site"]] += 1
    return [SiteSummary(site.value, SITE_NAMES[site.value], counts[site.value]) for site in Site]


def spaces_of_site(spaces: Iterable[Mapping[str, Any]], site: str | None) -> list[Mapping]:
    """Active spaces of ``site`` (every site when None), by type and then name."""
    chosen = [s for s in spaces if s.get("active", True) and site in (None, s["site"])]
    return sorted(chosen, key=lambda s: (s["type"], s["name"]))


def opening_hours(hours: Mapping[str, list[str]]) -> list[tuple[str, str | None]]:
    """(weekday, "08:00\u201322:00" or None when closed) for every weekday, Monday first."""
    return [(day, EN_DASH.join(hours[day]) if day in hours else None) for day in WEEKDAYS]


#: English msgids of booking's space types and the weekdays, translated in catalogue.po.
SPACE_TYPE_NAMES = {
    "dubbing_studio": "Dubbing studio",
    "music_room": "Music room",
    "meeting_room": "Meeting room",
    "coworking_desk": "Coworking desk",
    "event_hall": "Event hall",
}
WEEKDAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
