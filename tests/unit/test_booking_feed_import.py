"""A booking process loads the iCalendar library only when a calendar feed is first asked for
(3 MB of every process otherwise, docs/performance.md), and then answers the feed as before."""

import subprocess
import sys

_PROBE = """
import sys
import services.booking.bootstrap
print('icalendar' in sys.modules)
from services.booking.entrypoints.http.calendar_feeds import _calendar
answer = _calendar('Room A', [])
print('icalendar' in sys.modules, answer.media_type, answer.body.startswith(b'BEGIN:VCALENDAR'))
"""


def test_icalendar_is_imported_with_the_first_feed_and_not_before():
    printed = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert printed == ["False", "True text/calendar; charset=utf-8 True"]
