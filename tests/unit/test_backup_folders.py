"""What `bitc backup --keep` removes, and what `bitc restore` says of a migration head."""

from pathlib import Path

from bitc.backup_manifest import MANIFEST
from bitc.database_backup import prune_backups
from bitc.database_restore import RestoredHead


def _backup(into: Path, stamp: str, *, complete: bool = True) -> Path:
    folder = into / f"bitc-{stamp}"
    folder.mkdir(parents=True)
    if complete:
        (folder / MANIFEST).write_text("{}")
    return folder


def test_keep_removes_the_oldest_complete_backups_and_leaves_interrupted_ones(
    tmp_path: Path,
) -> None:
    oldest = _backup(tmp_path, "20261201T013000.000000Z")
    interrupted = _backup(tmp_path, "20261202T013000.000000Z", complete=False)
    kept = [_backup(tmp_path, f"2026120{day}T013000.000000Z") for day in (3, 4)]

    removed = prune_backups(tmp_path, keep=2)

    assert removed == [oldest]
    assert sorted(tmp_path.iterdir()) == [interrupted, *kept]


def test_a_head_this_release_does_not_know_is_called_a_newer_release() -> None:
    advice = RestoredHead("booking", "9999-from-the-future", code="0006").advice()

    assert "newer release" in advice


def test_an_older_known_head_is_left_to_setup_to_migrate() -> None:
    advice = RestoredHead("booking", "0005", code="0006").advice()

    assert "`bitc setup` migrates it to 0006" in advice
