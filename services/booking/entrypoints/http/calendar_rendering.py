"""RFC 5545 calendar feeds: times carry TZID=Asia/Jakarta with the VTIMEZONE included, so
every calendar client shows 19:00 WIB as 19:00 in Cimahi.

A booking that no longer holds its space (cancelled, rejected, a no-show) stays in the feed as
STATUS:CANCELLED: an app that took the event from an earlier fetch, or imported the file once,
only learns of the change from the same UID with a higher SEQUENCE (RFC 5546, 2.1.4/2.1.5).

Each date of a recurring series is an event of its own (its booking's UID) carrying RELATED-TO
the series' UID, never one RRULE event with EXDATEs and RECURRENCE-ID overrides: each date
lives its own life (approved, cancelled, closed over), and apps read subscribed overrides
unreliably (docs/security.md, "Calendar feeds").
"""

import uuid
from collections.abc import Iterable

from icalendar import Calendar, Event

from services.booking.domain.booking import LIVE, Booking, BookingStatus
from services.booking.domain.local_time import WIB

PRODID = "-//BITC Space Operations//booking//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"
_HELD = LIVE | {BookingStatus.COMPLETED}


def booking_uid(booking_id: uuid.UUID) -> str:
    return f"{booking_id}@booking.bitc"


def series_uid(series_id: uuid.UUID) -> str:
    return f"{series_id}@series.booking.bitc"


def render(name: str, bookings: Iterable[Booking]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Jakarta")
    for booking in bookings:
        calendar.add_component(_event(booking))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(booking: Booking) -> Event:
    event = Event()
    changed = booking.updated_at or booking.created_at
    event.add("uid", booking_uid(booking.id))
    # Without METHOD, DTSTAMP is the last change (RFC 5545, 3.8.7.2).
    event.add("dtstamp", changed)
    event.add("created", booking.created_at)
    event.add("last-modified", changed)
    event.add("sequence", booking.revision)
    event.add("dtstart", booking.period.starts_at.astimezone(WIB))
    event.add("dtend", booking.period.ends_at.astimezone(WIB))
    # No tenant names: a feed may be shared beyond the tenant.
    event.add("location", booking.space_code)
    if booking.status in _HELD:
        event.add("summary", f"{booking.space_code} booked")
        tentative = booking.status is BookingStatus.REQUESTED
        event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    else:
        # Outlook shows a cancelled event like any other: the title has to say it.
        event.add("summary", f"Cancelled: {booking.space_code} booking")
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
    if booking.series_id is not None:
        event.add("related-to", series_uid(booking.series_id), parameters={"RELTYPE": "PARENT"})
    return event
