"""Cursors: what a page gave out comes back as typed values; anything else is a 400 problem."""

import uuid
from datetime import UTC, datetime

import pytest

from shared.http.pagination import decode_cursor, encode_cursor
from shared.http.problems import Problem

WHEN = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
# Fixed, so the parameters (and their test ids) are the same in every pytest-xdist worker.
ID = uuid.UUID("5f0c7c1e-2b1d-4a53-9d7e-0c9f3b2a1d4e")


def test_a_cursor_round_trips_to_typed_values():
    cursor = encode_cursor(WHEN, ID)
    assert decode_cursor(cursor, datetime.fromisoformat, uuid.UUID) == (WHEN, ID)


def test_no_cursor_means_the_first_page():
    assert decode_cursor(None, datetime.fromisoformat, uuid.UUID) is None


@pytest.mark.parametrize(
    "cursor",
    [
        "not base64 at all!",
        encode_cursor(WHEN),  # too few values
        encode_cursor(WHEN, ID, "extra"),  # too many
        encode_cursor("yesterday", ID),  # not a time
        encode_cursor(WHEN, "not-a-uuid"),
    ],
)
def test_a_cursor_this_api_did_not_give_out_is_a_400_problem(cursor):
    with pytest.raises(Problem) as refused:
        decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
    assert (refused.value.status, refused.value.kind) == (400, "invalid-cursor")
