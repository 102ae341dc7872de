"""The closure form read into the period booking's closures API takes (whole WIB days, hours,
sites), what it says when something is missing, and the coming closures in order."""

import pytest

from services.console.domain.closures import (
    BAD_REASON,
    BAD_TIME,
    ENDS_BEFORE_START,
    NO_DAY,
    NO_TARGET,
    ClosureForm,
    closure_rows,
)

SPACE_SITES = {"room-1": "bitc"}


def test_a_closure_of_one_whole_day_runs_from_midnight_to_midnight_wib():
    asked = ClosureForm("room-1", "2026-08-17", reason="public_holiday").request(SPACE_SITES)

    assert asked.as_query() == {
        "site": "bitc",
        "space_id": "room-1",
        "starts_at": "2026-08-17T00:00:00+07:00",
        "ends_at": "2026-08-18T00:00:00+07:00",
        "reason": "public_holiday",
    }


def test_a_closure_of_a_whole_site_over_hours_of_several_days():
    form = ClosureForm("site:techno_park", "2026-09-01", "13:00", "2026-09-03", "17:30", "other")

    asked = form.request(SPACE_SITES)

    assert (asked.site, asked.space_id) == ("techno_park", None)
    assert asked.starts_at.isoformat() == "2026-09-01T13:00:00+07:00"
    assert asked.ends_at.isoformat() == "2026-09-03T17:30:00+07:00"
    assert "space_id" not in asked.as_query()


@pytest.mark.parametrize(
    ("form", "why"),
    [
        (ClosureForm("", "2026-08-17", reason="other"), NO_TARGET),
        (ClosureForm("no-such-space", "2026-08-17", reason="other"), NO_TARGET),
        (ClosureForm("site:", "2026-08-17", reason="other"), NO_TARGET),
        (ClosureForm("room-1", "", reason="other"), NO_DAY),
        (ClosureForm("room-1", "17-08-2026", reason="other"), NO_DAY),
        (ClosureForm("room-1", "2026-08-17", reason="party"), BAD_REASON),
        (ClosureForm("room-1", "2026-08-17", "14:00", "", "13:00", "other"), ENDS_BEFORE_START),
        (
            ClosureForm("room-1", "2026-08-17", last_day="2026-08-16", reason="other"),
            ENDS_BEFORE_START,
        ),
        (ClosureForm("room-1", "2026-08-17", "25:00", reason="other"), BAD_TIME),
    ],
)
def test_a_closure_form_missing_or_wrong_says_what(form, why):
    assert form.request(SPACE_SITES) == why


def test_closures_are_listed_soonest_first_naming_the_space_or_the_site():
    closures = [
        {"id": "c2", "site": "bitc", "space_id": None, "reason": "other",
         "starts_at": "2026-09-01T00:00:00+07:00", "ends_at": "2026-09-02T00:00:00+07:00"},
        {"id": "c1", "site": "bitc", "space_id": "room-1", "reason": "public_holiday",
         "starts_at": "2026-08-16T17:00:00+00:00", "ends_at": "2026-08-17T17:00:00+00:00"},
    ]  # fmt: skip

    rows = closure_rows(closures, {"room-1": "Music room 1"}, {"bitc": "BITC"})

    assert [(row.what, row.reason) for row in rows] == [
        ("Music room 1", "public_holiday"),
        ("BITC", "other"),
    ]
    assert rows[0].starts_at.isoformat() == "2026-08-17T00:00:00+07:00"
