"""The generated Grafana dashboards: current, complete, readable, and on documented metrics."""

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "deploy" / "grafana" / "generate_dashboards.py"
OPERATIONS = ROOT / "docs" / "operations.md"
EXPECTED_TITLES = {
    "BITC Platform overview",
    "BITC Event flow",
    "BITC Space utilisation",
    "BITC Tenancy & occupancy",
    "BITC Notifications",
}
# Labels a panel may group by: all bounded (no ids, addresses or raw paths).
BOUNDED_LABELS = {
    *("job", "le", "method", "route", "status", "handler", "consumer", "topic", "reason"),
    *("site", "space_type", "state", "kind", "leased", "channel", "category"),
    "space",  # a space's code: the catalogue of rooms, desks and halls, tens of them
    "partition",  # a topic's partitions: 6 at most (docs/operations.md, "Scale out")
}
PROMTOOL = shutil.which("promtool")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool not installed (Debian: apt-get install -y prometheus)"
)
PROMQL_WORDS = {"by", "without", "on", "ignoring", "offset", "and", "or", "unless", "bool", "inf"}


@cache
def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_dashboards", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


def _panels() -> list[tuple[str, dict]]:
    return [
        (name, panel)
        for name, board in _generator().dashboards().items()
        for panel in board["panels"]
    ]


def _metric_names(expr: str) -> set[str]:
    """Metric names in a PromQL expression: identifiers that are not functions, keywords,
    label names, or inside label matchers, grouping clauses, ranges or strings."""
    stripped = re.sub(r'"[^"]*"|\{[^}]*\}|\[[^\]]*\]', " ", expr)
    stripped = re.sub(r"\b(?:by|without)\s*\([^)]*\)", " ", stripped)
    words = re.findall(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()", stripped)
    return {word for word in words if word.lower() not in PROMQL_WORDS}


def test_committed_json_is_the_generator_output() -> None:
    assert _generator().stale_files() == []


def test_the_five_dashboards_exist_with_unique_uids() -> None:
    boards = list(_generator().dashboards().values())
    assert {board["title"] for board in boards} == EXPECTED_TITLES
    assert len({board["uid"] for board in boards}) == len(boards)


@pytest.mark.parametrize("name", sorted(_generator().dashboards()))
def test_panels_are_titled_uniquely_and_fit_the_grid(name: str) -> None:
    panels = _generator().dashboards()[name]["panels"]
    titles = [panel["title"] for panel in panels]
    assert len(titles) == len(set(titles)), f"duplicate titles in {name}"
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]


@pytest.mark.parametrize(
    ("name", "panel"), _panels(), ids=lambda v: v if isinstance(v, str) else v["title"]
)
def test_panel_is_explained_to_an_operator(name: str, panel: dict) -> None:
    assert panel["title"]
    # A description is a sentence or two an operator reads, not a restated title.
    assert len(panel["description"].split()) >= 8, f"{name} {panel['title']}: description short"
    assert panel["fieldConfig"]["defaults"]["unit"]
    assert all(target["expr"] and target["legendFormat"] for target in panel["targets"])


@pytest.mark.parametrize(
    ("name", "panel"), _panels(), ids=lambda v: v if isinstance(v, str) else v["title"]
)
def test_panel_groups_only_by_bounded_labels(name: str, panel: dict) -> None:
    for target in panel["targets"]:
        for clause in re.findall(r"\b(?:by|without)\s*\(([^)]*)\)", target["expr"]):
            labels = {label.strip() for label in clause.split(",") if label.strip()}
            assert labels <= BOUNDED_LABELS, f"{name} {panel['title']}: {labels - BOUNDED_LABELS}"


def test_every_metric_used_is_documented_in_the_operations_guide() -> None:
    documented = OPERATIONS.read_text(encoding="utf-8")
    used = {
        re.sub(r"_bucket$", "", metric)
        for _, panel in _panels()
        for target in panel["targets"]
        for metric in _metric_names(target["expr"])
    }
    assert used, "no metric found in any panel"
    missing = sorted(metric for metric in used if f"`{metric}" not in documented)
    assert not missing, f"metrics on dashboards but not in docs/operations.md: {missing}"


def test_json_files_parse() -> None:
    for path in sorted((GENERATOR.parent / "dashboards").glob("*.json")):
        assert json.loads(path.read_text(encoding="utf-8"))["panels"], path.name


def _promtool(directory: Path, *args: str) -> None:
    assert PROMTOOL is not None
    result = subprocess.run(
        [PROMTOOL, *args], cwd=directory, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"promtool {' '.join(args)}:\n{result.stdout}{result.stderr}"


def _expr(title: str) -> str:
    # A panel shown on two boards (Outbox backlog) is one shared query: either copy will do.
    [expr] = {panel["targets"][0]["expr"] for _, panel in _panels() if panel["title"] == title}
    return expr


@needs_promtool
def test_every_panel_query_is_valid_promql(tmp_path: Path) -> None:
    # promtool checks expressions offline only as rules: each query becomes a recording rule.
    rules = [
        {"record": f"panel:query:{index}", "expr": target["expr"]}
        for index, target in enumerate(
            target for _, panel in _panels() for target in panel["targets"]
        )
    ]
    (tmp_path / "panels.yml").write_text(
        yaml.safe_dump({"groups": [{"name": "panels", "rules": rules}]}), encoding="utf-8"
    )
    _promtool(tmp_path, "check", "rules", "panels.yml")


# Series as the services export them, one sample a minute: booking has had no 5xx, tenancy a
# tenth of its requests; no music-room booking has ended, one in four event-hall ones were
# no-shows; Techno Park has no office units, BITC three of four leased.
_EXPORTED = {
    'http_requests_total{job="booking",status="200"}': "0+60x10",
    'http_requests_total{job="tenancy",status="200"}': "0+54x10",
    'http_requests_total{job="tenancy",status="503"}': "0+6x10",
    'booking_no_shows_total{space_type="music_room"}': "0x10",
    'booking_bookings_total{space_type="music_room",site="bitc",state="completed"}': "0x10",
    'booking_bookings_total{space_type="music_room",site="bitc",state="no_show"}': "0x10",
    'booking_no_shows_total{space_type="event_hall"}': "0 0 1x8",
    'booking_bookings_total{space_type="event_hall",site="bitc",state="completed"}': "0 3x9",
    'booking_bookings_total{space_type="event_hall",site="bitc",state="no_show"}': "0 0 1x8",
    'tenancy_units{site="techno_park",leased="true"}': "0x10",
    'tenancy_units{site="techno_park",leased="false"}': "0x10",
    'tenancy_units{site="bitc",leased="true"}': "3x10",
    'tenancy_units{site="bitc",leased="false"}': "1x10",
}
_EXPECTED = {
    "HTTP 5xx rate": {'{job="booking"}': 0, '{job="tenancy"}': 0.1},
    "HTTP error ratio (5xx share)": {'{job="booking"}': 0, '{job="tenancy"}': 0.1},
    "No-show rate": {'{space_type="music_room"}': 0, '{space_type="event_hall"}': 0.25},
    "Office occupancy by site": {'{site="techno_park"}': 0, '{site="bitc"}': 0.75},
}


@needs_promtool
def test_a_healthy_zero_reads_0_and_a_share_divides_what_happened(tmp_path: Path) -> None:
    """No 5xx yet, no booking ended, no office units: 0, not "No data" or NaN."""
    case = {
        "interval": "1m",
        "input_series": [{"series": name, "values": values} for name, values in _EXPORTED.items()],
        "promql_expr_test": [
            {
                "expr": _expr(title),
                "eval_time": "10m",
                "exp_samples": [{"labels": labels, "value": v} for labels, v in expected.items()],
            }
            for title, expected in _EXPECTED.items()
        ],
    }
    (tmp_path / "zeros.yml").write_text(
        yaml.safe_dump({"evaluation_interval": "1m", "tests": [case]}), encoding="utf-8"
    )
    _promtool(tmp_path, "test", "rules", "zeros.yml")


# Figures read from the database or Kafka, which every replica of a service exports alike; the
# relay lock is held by one replica only.
_MUSIC_ROOM = 'job="booking",site="bitc",space_type="music_room"'
_SHARED_FIGURES = {
    'outbox_backlog_events{job="booking"}': 40,
    'outbox_oldest_unpublished_age_seconds{job="booking"}': 90,
    'outbox_parked_events{job="booking"}': 1,
    'kafka_consumer_lag_messages{job="notifications",consumer="c",topic="t",partition="0"}': 5,
    'kafka_consumer_lag_messages{job="notifications",consumer="c",topic="t",partition="1"}': 7,
    f'booking_booked_hours{{space="MR1",{_MUSIC_ROOM}}}': 10,
    f'booking_booked_hours{{space="MR2",{_MUSIC_ROOM}}}': 6,
    f'booking_space_utilisation_ratio{{space="MR1",{_MUSIC_ROOM}}}': 0.5,
    'booking_pending_approvals{job="booking"}': 3,
    'tenancy_tenants{job="tenancy",site="all",kind="startup"}': 4,
    'tenancy_tenants{job="tenancy",site="bitc",kind="startup"}': 2,
    'tenancy_units{job="tenancy",site="bitc",leased="true"}': 3,
    'tenancy_units{job="tenancy",site="bitc",leased="false"}': 1,
    'tenancy_unit_area_square_metres{job="tenancy",site="bitc",leased="true"}': 120,
}
_READ_ONCE = {
    "Outbox backlog": {'{job="booking"}': 40},
    "Oldest unpublished outbox event": {'{job="booking"}': 90},
    "Parked outbox events": {'{job="booking"}': 1},
    "Consumer lag by consumer and topic": {'{job="notifications",consumer="c",topic="t"}': 12},
    "Booked hours this week": {'{site="bitc",space_type="music_room"}': 16},
    "Utilisation by space this week": {'{space="MR1",site="bitc"}': 0.5},
    "Pending approvals": {"{}": 3},
    "Admitted tenants by kind": {'{kind="startup"}': 4},
    "Leasing tenants by site and kind": {'{site="bitc",kind="startup"}': 2},
    "Office occupancy by site": {'{site="bitc"}': 0.75},
    "Office floor area by site": {'{site="bitc",leased="true"}': 120},
    "Relay leaders per service": {'{job="booking"}': 1},
}


def _replicated(replicas: int) -> list[dict[str, str]]:
    series = []
    for replica in range(replicas):
        instance = f'instance="pod-{replica}",'
        series += [
            {"series": name.replace("{", "{" + instance), "values": f"{value}x10"}
            for name, value in _SHARED_FIGURES.items()
        ]
        leader = 1 if replica == 0 else 0
        series.append(
            {"series": f'outbox_relay_leader{{{instance}job="booking"}}', "values": f"{leader}x10"}
        )
    return series


@needs_promtool
@pytest.mark.parametrize("replicas", [1, 2, 5])
def test_database_figures_read_the_same_at_any_replica_count(tmp_path: Path, replicas: int) -> None:
    """Every replica exports the outbox backlog, the occupancy, the pending approvals: a panel
    shows each figure once, not once per pod (issue #16)."""
    case = {
        "interval": "1m",
        "input_series": _replicated(replicas),
        "promql_expr_test": [
            {
                "expr": _expr(title),
                "eval_time": "5m",
                "exp_samples": [{"labels": labels, "value": v} for labels, v in expected.items()],
            }
            for title, expected in _READ_ONCE.items()
        ],
    }
    (tmp_path / "replicas.yml").write_text(
        yaml.safe_dump({"evaluation_interval": "1m", "tests": [case]}), encoding="utf-8"
    )
    _promtool(tmp_path, "test", "rules", "replicas.yml")
