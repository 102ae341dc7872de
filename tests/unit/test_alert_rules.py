"""The shipped Prometheus alert rules: valid, unit-tested with promtool, each with a runbook."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
RULE_FILES = sorted((PROMETHEUS_DIR / "rules").glob("*.yml"))
TEST_FILES = sorted((PROMETHEUS_DIR / "tests").glob("*.yml"))
OPERATIONS = ROOT / "docs" / "operations.md"
PROMTOOL = shutil.which("promtool")

needs_promtool = pytest.mark.skipif(
    PROMTOOL is None, reason="promtool not installed (Debian: apt-get install -y prometheus)"
)


def _alerts() -> list[dict]:
    return [
        rule
        for path in RULE_FILES
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
        for rule in group["rules"]
        if "alert" in rule
    ]


def _promtool(*args: str) -> None:
    assert PROMTOOL is not None
    result = subprocess.run(
        [PROMTOOL, *args], cwd=PROMETHEUS_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"promtool {' '.join(args)}:\n{result.stdout}{result.stderr}"


def test_rule_files_and_tests_exist() -> None:
    assert RULE_FILES, "no alert rules in deploy/prometheus/rules"
    assert TEST_FILES, "no promtool tests in deploy/prometheus/tests"


@needs_promtool
def test_promtool_accepts_the_rules() -> None:
    _promtool("check", "rules", *(str(path) for path in RULE_FILES))


@needs_promtool
def test_promtool_accepts_the_config_with_its_rule_files() -> None:
    _promtool("check", "config", "prometheus.yml")


@needs_promtool
def test_promtool_rule_unit_tests_pass() -> None:
    _promtool("test", "rules", *(str(path) for path in TEST_FILES))


def test_every_alert_is_exercised_by_a_promtool_test() -> None:
    tested = {
        case["alertname"]
        for path in TEST_FILES
        for test in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]
        for case in test.get("alert_rule_test") or []
        if case.get("exp_alerts")
    }
    untested = sorted({alert["alert"] for alert in _alerts()} - tested)
    assert not untested, f"alerts never seen firing in a promtool test: {untested}"


@pytest.mark.parametrize("alert", _alerts(), ids=lambda alert: alert["alert"])
def test_alert_has_severity_summary_description_and_runbook(alert: dict) -> None:
    assert alert.get("labels", {}).get("severity") in {"warning", "critical"}
    annotations = alert.get("annotations") or {}
    missing = [key for key in ("summary", "description", "runbook_url") if not annotations.get(key)]
    assert not missing, f"{alert['alert']} lacks {missing}"


@pytest.mark.parametrize("alert", _alerts(), ids=lambda alert: alert["alert"])
def test_runbook_url_points_at_a_section_of_the_operations_guide(alert: dict) -> None:
    document, _, anchor = alert["annotations"]["runbook_url"].partition("#")
    assert document == "docs/operations.md", f"runbook outside the operations guide: {document}"
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', OPERATIONS.read_text(encoding="utf-8")))
    assert anchor in anchors, f"docs/operations.md has no anchor {anchor!r}"
