"""Space utilisation at BITC (Baros) and Cimahi Techno Park, from the booking service's
booking_* metrics (docs/operations.md#metrics)."""

from typing import Any

from boards.layout import dashboard
from boards.model import Panel, Query, once, share

_NO_SHOWS = "sum by (space_type) (increase(booking_no_shows_total[1d]))"
# A booking ends either completed or as a no-show: the share of those that were no-shows.
_ENDED = 'sum by (space_type) (increase(booking_bookings_total{state=~"completed|no_show"}[1d]))'


def space_utilisation() -> dict[str, Any]:
    panels = [
        Panel(
            title="Bookings by state",
            description="Bookings that entered each state per hour (confirmed, pending, "
            "cancelled, completed...), by site and space type.",
            unit="short",
            queries=(
                Query(
                    "sum by (site, space_type, state) (increase(booking_bookings_total[1h]))",
                    "{{site}} {{space_type}} {{state}}",
                ),
            ),
        ),
        Panel(
            title="Booked hours this week",
            description="Hours of confirmed, checked-in and completed bookings this week "
            "(Monday to Sunday, WIB) by site and space type: how full the BITC (Baros) and "
            "Cimahi Techno Park spaces are.",
            unit="h",
            queries=(
                Query(
                    f"sum by (site, space_type) "
                    f"({once('booking_booked_hours', 'space', 'site', 'space_type')})",
                    "{{site}} {{space_type}}",
                ),
            ),
        ),
        Panel(
            title="Utilisation by space this week",
            description="Share of each space's opening hours this week (WIB) that is booked: "
            "which rooms are in demand and which stand empty.",
            unit="percentunit",
            queries=(
                Query(
                    once("booking_space_utilisation_ratio", "space", "site"), "{{site}} {{space}}"
                ),
            ),
        ),
        Panel(
            title="Pending approvals",
            description="Booking requests waiting for staff approval right now.",
            unit="short",
            queries=(Query(once("booking_pending_approvals"), "pending"),),
        ),
        Panel(
            title="No-show rate",
            description="Share of the bookings that ended over the last day (completed or no-show) "
            "that were no-shows, by space type: spaces held but not used. 0 when none ended.",
            unit="percentunit",
            queries=(Query(share(_NO_SHOWS, _ENDED), "{{space_type}}"),),
        ),
        Panel(
            title="Quota exhausted",
            description="Booking attempts refused per hour because the tenant's plan quota was "
            "used up, by space type: demand beyond what plans allow.",
            unit="short",
            queries=(
                Query(
                    "sum by (space_type) (increase(booking_quota_exhausted_total[1h]))",
                    "{{space_type}}",
                ),
            ),
            width=24,
        ),
    ]
    return dashboard(
        "bitc-space-utilisation",
        "BITC Space utilisation",
        "Bookings, booked hours, approvals, no-shows and quota use at BITC and Techno Park.",
        panels,
    )
