"""`python -m bench` runs every row, or the rows and row-1 concurrencies asked for (a quick
before/after of one change), and refuses a row that does not exist."""

import pytest

from bench.__main__ import arguments, options
from bench.suite import CONCURRENCIES, ROWS


def test_without_choices_every_row_runs_at_every_concurrency():
    chosen = options(arguments([]))
    assert (chosen.rows, chosen.clients) == (ROWS, CONCURRENCIES)


def test_one_row_at_one_concurrency_for_a_before_and_after():
    chosen = options(arguments(["--rows", "1", "--clients", "16", "--seconds", "20"]))
    assert (chosen.rows, chosen.clients, chosen.seconds) == (frozenset({1}), (16,), 20)


def test_a_row_that_does_not_exist_is_refused_by_name():
    with pytest.raises(SystemExit, match=r"no such row: \[6\]"):
        options(arguments(["--rows", "1,6"]))
