"""The staff board's grid: each booking in the hour cells it covers, on the sites' wall clock
(WIB), with the day's hours taken from the spaces' opening hours."""

from datetime import date

from services.console.domain.board import build_board, day_window

MONDAY = date(2026, 8, 17)  # Independence Day, a Monday
ROOM = {
    "id": "room",
    "name": "Music room 1",
    "active": True,
    "opening_hours": {"mon": ["08:00", "22:00"], "tue": ["08:00", "22:00"]},
}
DESK = {
    "id": "desk",
    "name": "Desk A",
    "active": True,
    "opening_hours": {"mon": ["09:00", "17:30"]},
}
NAMES = {"t1": "Komunitas Musik Baros", "t2": "Studio Cimahi"}


def booking(starts: str, ends: str, *, space="room", tenant="t1", status="confirmed", **more):
    return {
        "id": f"b-{starts}",
        "space_id": space,
        "tenant_id": tenant,
        "starts_at": starts,
        "ends_at": ends,
        "status": status,
        "series_id": None,
    } | more


def cell(board, space_id, hour):
    row = next(r for r in board.rows if r.space_id == space_id)
    return next(c for c in row.cells if c.hour == hour)


def test_the_hours_run_from_the_earliest_opening_to_the_latest_closing_of_the_site():
    board = build_board(MONDAY, [ROOM, DESK], [], NAMES)

    assert board.hours == tuple(range(8, 22))
    assert [row.space_name for row in board.rows] == ["Desk A", "Music room 1"]


def test_a_booking_fills_every_hour_it_covers_and_is_named_once_as_its_start():
    three_hours = booking("2026-08-17T09:00:00+07:00", "2026-08-17T12:00:00+07:00")

    board = build_board(MONDAY, [ROOM], [three_hours], NAMES)

    covered = [h for h in board.hours if cell(board, "room", h).entries]
    assert covered == [9, 10, 11]
    firsts = [e.first_hour for h in covered for e in cell(board, "room", h).entries]
    assert firsts == [True, False, False]
    assert cell(board, "room", 9).entries[0].tenant_name == "Komunitas Musik Baros"


def test_a_booking_given_in_utc_is_placed_at_its_wib_hours():
    # 02:30-04:00 UTC is 09:30-11:00 WIB: the 9 o'clock and 10 o'clock cells.
    utc = booking("2026-08-17T02:30:00+00:00", "2026-08-17T04:00:00+00:00")

    board = build_board(MONDAY, [ROOM], [utc], NAMES)

    assert [h for h in board.hours if cell(board, "room", h).entries] == [9, 10]


def test_two_bookings_sharing_an_hour_are_both_in_its_cell():
    first = booking("2026-08-17T14:00:00+07:00", "2026-08-17T14:30:00+07:00", tenant="t1")
    second = booking("2026-08-17T14:30:00+07:00", "2026-08-17T15:00:00+07:00", tenant="t2")

    board = build_board(MONDAY, [ROOM], [second, first], NAMES)

    names = [e.tenant_name for e in cell(board, "room", 14).entries]
    assert names == ["Komunitas Musik Baros", "Studio Cimahi"]
    assert not cell(board, "room", 15).entries


def test_a_booking_over_midnight_shows_only_its_part_of_the_day_and_widens_the_hours():
    # 22:00 on the 16th to 01:00 on the 17th WIB (outside the opening hours, made earlier).
    night = booking("2026-08-16T15:00:00+00:00", "2026-08-16T18:00:00+00:00")

    board = build_board(MONDAY, [ROOM], [night], NAMES)

    assert board.hours[0] == 0
    assert [h for h in board.hours if cell(board, "room", h).entries] == [0]
    assert cell(board, "room", 0).entries[0].first_hour
    assert not cell(board, "room", 0).open


def test_a_cell_outside_a_spaces_opening_hours_is_closed():
    board = build_board(MONDAY, [ROOM, DESK], [], NAMES)

    assert not cell(board, "desk", 8).open
    assert cell(board, "desk", 9).open
    assert cell(board, "desk", 17).open  # open until 17:30
    assert not cell(board, "desk", 18).open


def test_cancelled_and_rejected_bookings_leave_the_board_and_checked_in_shows():
    bookings = [
        booking("2026-08-17T09:00:00+07:00", "2026-08-17T10:00:00+07:00", status="cancelled"),
        booking("2026-08-17T10:00:00+07:00", "2026-08-17T11:00:00+07:00", status="rejected"),
        booking("2026-08-17T11:00:00+07:00", "2026-08-17T12:00:00+07:00", status="checked_in"),
        booking("2026-08-17T12:00:00+07:00", "2026-08-17T13:00:00+07:00", status="requested"),
    ]

    board = build_board(MONDAY, [ROOM], bookings, NAMES)

    assert not cell(board, "room", 9).entries
    assert not cell(board, "room", 10).entries
    assert cell(board, "room", 11).entries[0].checked_in
    assert not cell(board, "room", 12).entries[0].checked_in
    assert cell(board, "room", 12).entries[0].status == "requested"


def test_a_day_no_space_opens_still_shows_working_hours_and_its_neighbours():
    sunday = date(2026, 8, 16)

    board = build_board(sunday, [ROOM], [], NAMES)

    assert board.hours == tuple(range(8, 17))
    assert not any(c.open for c in board.rows[0].cells)
    assert (board.previous_day, board.next_day) == (date(2026, 8, 15), MONDAY)


def test_the_day_runs_from_midnight_to_midnight_wib():
    starts, ends = day_window(MONDAY)

    assert starts.isoformat() == "2026-08-17T00:00:00+07:00"
    assert ends.isoformat() == "2026-08-18T00:00:00+07:00"


def test_an_unknown_tenant_has_no_name_and_a_series_booking_is_marked():
    weekly = booking(
        "2026-08-17T09:00:00+07:00", "2026-08-17T10:00:00+07:00", tenant="gone", series_id="s"
    )

    entry = build_board(MONDAY, [ROOM], [weekly], NAMES).rows[0].cells[1].entries[0]

    assert entry.tenant_name == ""
    assert entry.in_series
