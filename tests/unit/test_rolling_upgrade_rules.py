"""What the expand/contract check refuses in a schema change, and what it lets through
(shared/persistence/rolling_upgrade.py; the real migrations are walked in
tests/integration/test_rolling_upgrade_migrations.py)."""

from shared.persistence.rolling_upgrade import breaking_changes
from shared.persistence.schema_snapshot import Column, Rule, Table

TEXT = Column("text", nullable=True, filled_on_insert=False)
REQUIRED = Column("text", nullable=False, filled_on_insert=False)
DEFAULTED = Column("text", nullable=False, filled_on_insert=True)
BEFORE = {"bookings": Table({"id": REQUIRED, "note": TEXT}, {})}


def _keys(after: dict[str, Table]) -> list[str]:
    return [finding.key for finding in breaking_changes(BEFORE, after)]


def _with(columns: dict[str, Column], rules: dict[str, Rule] | None = None) -> dict[str, Table]:
    return {"bookings": Table({"id": REQUIRED, "note": TEXT} | columns, rules or {})}


def test_adding_nullable_or_defaulted_columns_and_new_tables_is_safe() -> None:
    after = _with({"a": TEXT, "b": DEFAULTED}) | {"new": Table({"x": REQUIRED}, {})}
    assert _keys(after) == []


def test_a_new_not_null_column_nothing_fills_breaks_old_inserts() -> None:
    assert _keys(_with({"blocked_from": REQUIRED})) == [
        "column bookings.blocked_from NOT NULL without default"
    ]


def test_making_a_written_column_required_without_default_is_refused() -> None:
    assert _keys(_with({"note": REQUIRED})) == ["column bookings.note NOT NULL without default"]


def test_drops_renames_and_type_changes_are_refused() -> None:
    renamed = {"bookings": Table({"id": REQUIRED, "remark": TEXT}, {})}
    assert _keys(renamed) == ["column bookings.note dropped"]
    assert _keys({}) == ["table bookings dropped"]
    narrowed = {"bookings": Table({"id": REQUIRED, "note": Column("varchar(10)", True, False)}, {})}
    assert _keys(narrowed) == ["column bookings.note type text -> varchar(10)"]


def test_a_constraint_over_columns_old_code_writes_is_refused() -> None:
    check = Rule("CHECK (note <> '')", frozenset({"note"}))
    assert _keys(_with({}, {"note_set": check})) == ["constraint bookings.note_set added"]


def test_a_constraint_only_over_new_columns_is_safe() -> None:
    check = Rule("CHECK (attendees > 0)", frozenset({"attendees"}))
    assert _keys(_with({"attendees": DEFAULTED}, {"attendees_positive": check})) == []


def test_a_constraint_whose_columns_are_unknown_counts_as_reading_old_ones() -> None:
    opaque = Rule("EXCLUDE USING gist (tstzrange(a, b) WITH &&)", frozenset())
    assert _keys(_with({}, {"no_overlap": opaque})) == ["constraint bookings.no_overlap added"]
