"""Grafana dashboards as code: writes deploy/grafana/dashboards/*.json.

    python deploy/grafana/generate_dashboards.py          # (re)write the JSON files
    python deploy/grafana/generate_dashboards.py --check  # exit 1 when the JSON files are stale

The JSON is committed because Grafana provisions it from files (docker-compose.yml mounts the
folder); tests fail when it differs from this generator's output, so edit the panels in
deploy/grafana/boards/ and re-run this, never the JSON.

Metric names are the services' contract (shared/observability/metrics.py, FastStream's faststream_*
metrics
and each service's business metrics); docs/operations.md says what every panel answers.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

# deploy/ is not a Python package and tests load this file by path: make its sibling
# package importable however it is run.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from boards.event_flow import event_flow
from boards.model import DATASOURCE, SERVICE_JOBS
from boards.notifications import notifications
from boards.overview import platform_overview
from boards.space_utilisation import space_utilisation
from boards.tenancy import tenancy_occupancy

__all__ = ["DATASOURCE", "SERVICE_JOBS", "dashboards", "render", "stale_files", "write"]

DASHBOARD_DIR = Path(__file__).resolve().parent / "dashboards"


def dashboards() -> dict[str, dict[str, Any]]:
    """Every dashboard, by the file name it is written to."""
    return {
        "bitc-overview.json": platform_overview(),
        "bitc-event-flow.json": event_flow(),
        "bitc-space-utilisation.json": space_utilisation(),
        "bitc-tenancy.json": tenancy_occupancy(),
        "bitc-notifications.json": notifications(),
    }


def render(dashboard: dict[str, Any]) -> str:
    """Stable text: the committed file must be byte-for-byte reproducible."""
    return json.dumps(dashboard, indent=2, ensure_ascii=False) + "\n"


def stale_files(directory: Path = DASHBOARD_DIR) -> list[str]:
    """Names of files that are missing, differ from the generator, or are no longer generated."""
    expected = {name: render(board) for name, board in dashboards().items()}
    present = {path.name for path in directory.glob("*.json")}
    problems = sorted(name for name in present - expected.keys())
    for name, text in sorted(expected.items()):
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            problems.append(name)
    return problems


def write(directory: Path = DASHBOARD_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, board in dashboards().items():
        path = directory / name
        path.write_text(render(board), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the BITC Grafana dashboards as JSON.")
    parser.add_argument(
        "--check", action="store_true", help="only compare; exit 1 if the files are stale"
    )
    args = parser.parse_args(argv)
    if args.check:
        problems = stale_files()
        for name in problems:
            print(f"stale or unexpected dashboard file: {DASHBOARD_DIR / name}", file=sys.stderr)
        return 1 if problems else 0
    for path in write():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
