"""Reads a calendar feed as calendar apps would, with two independent parsers (icalendar, which
booking writes with, and ical, Home Assistant's own implementation), and insists that both read
every event the same: a feed only one of them understands is a broken feed."""

from dataclasses import dataclass
from datetime import datetime

from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    starts_at: datetime
    ends_at: datetime
    status: str
    sequence: int
    stamp: datetime
    summary: str
    #: The UID of the series the event belongs to, if any (RELATED-TO).
    series: str | None
    recurs: bool


def read_feed(content: bytes) -> dict[str, FeedEvent]:
    """The feed's events by UID; fails if the two parsers disagree on any of them."""
    first = _by_icalendar(content)
    second = _by_ical(content)
    assert first == second, "the two iCalendar parsers read the feed differently"
    return first


def _by_icalendar(content: bytes) -> dict[str, FeedEvent]:
    events = {}
    for event in Calendar.from_ical(content).walk("VEVENT"):
        related = event.get("related-to")
        uid = str(event["uid"])
        assert uid not in events, f"{uid} twice in the feed"
        events[uid] = FeedEvent(
            uid=uid,
            starts_at=event.decoded("dtstart"),
            ends_at=event.decoded("dtend"),
            status=str(event["status"]),
            sequence=int(event["sequence"]),
            stamp=event.decoded("dtstamp"),
            summary=str(event["summary"]),
            series=str(related) if related is not None else None,
            recurs="rrule" in event or "recurrence-id" in event,
        )
    return events


def _by_ical(content: bytes) -> dict[str, FeedEvent]:
    calendar = IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))
    return {
        event.uid: FeedEvent(
            uid=event.uid,
            starts_at=event.dtstart,
            ends_at=event.dtend,
            status=event.status.value,
            sequence=event.sequence,
            stamp=event.dtstamp,
            summary=event.summary,
            series=event.related_to[0].uid if event.related_to else None,
            recurs=event.rrule is not None or event.recurrence_id is not None,
        )
        for event in calendar.events
    }
