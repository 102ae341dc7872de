"""RFC 5545 calendar feeds: times carry TZID=Asia/Jakarta with the VTIMEZONE included, so
every calendar client shows 19:00 WIB as 19:00 in Cimahi."""

from collections.abc import Iterable

from icalendar import Calendar, Event

from services.booking.domain.booking import Booking, BookingStatus
from services.booking.domain.local_time import WIB

PRODID = "-//BITC Space Operations//booking//EN"
MEDIA_TYPE = "text/calendar; charset=utf-8"


def render(name: str, bookings: Iterable[Booking]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Jakarta")
    for booking in bookings:
        event = Event()
        event.add("uid", f"{booking.id}@booking.bitc")
        event.add("dtstamp", booking.created_at)
        event.add("dtstart", booking.period.starts_at.astimezone(WIB))
        event.add("dtend", booking.period.ends_at.astimezone(WIB))
        # No tenant names: a feed may be shared beyond the tenant (design.md §2 spirit).
        event.add("summary", f"{booking.space_code} booked")
        event.add("location", booking.space_code)
        event.add(
            "status", "TENTATIVE" if booking.status is BookingStatus.REQUESTED else "CONFIRMED"
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
