"""Where a dev stack keeps its data, logs, process table and signing key."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def state_folder(given: Path | None = None, repo_root: Path = REPO_ROOT) -> Path:
    """``given``, else ``<repo>/.local/dev``; absolute."""
    return (given or repo_root / ".local" / "dev").resolve()
