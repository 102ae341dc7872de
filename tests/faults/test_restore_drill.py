"""Issue #16 item 7: a backup taken by `bitc backup` while bookings flow, restored by
`bitc restore --kafka` into a fresh PostgreSQL cluster after the database was lost, with the
services started on it against the same Kafka: every restored booking has its event on the topic
exactly once, the restored inbox handled each once, each booking was notified once, and the
bookings made after the backup are the loss window, all of them found on the topic.

The drill prints its table (docs/operations.md, "Back up and restore", shows a real run's).
"""

from pathlib import Path

import pytest

from bitc.fault_drill import Drill
from bitc.fault_drill.drill_platform import SENDING_ENV
from bitc.fault_drill.restore_drill import restore_drill
from tests.faults.platform_mail import restart_notifications_mailing

pytestmark = pytest.mark.faults


# The fault drills' platform (last: the drill loses its database), then a second one restored,
# each settling: longer than a fault scenario.
@pytest.mark.timeout(840)
async def test_a_backup_restored_into_a_fresh_cluster_loses_and_repeats_nothing(
    drill: Drill, tmp_path: Path
) -> None:
    await restart_notifications_mailing(drill, SENDING_ENV["notifications"])
    report = await restore_drill(drill, tmp_path / "backups")
    print(report.table())
    print(report.restore_output)

    assert report.manifest is not None
    assert set(report.manifest.schemas) == {"tenancy", "booking", "notifications", "console"}
    assert report.before_backup >= 20
    assert 0 < report.restored < report.acknowledged
    # Every booking the backup holds has its confirmation on the topic, once: the outbox rows
    # the old relay published after the backup were found there and not sent again.
    assert report.missing == 0
    assert report.duplicates == 0
    assert report.events_on_topic == report.restored
    # The restored subscribers handled each event once and notified each booking once, never
    # mailing again what the backup already held as sent.
    assert report.handled == report.notified_once == report.restored
    assert report.unmailed == 0
    assert report.remailed_by_restored == 0
    # The loss window: everything acknowledged after the backup is on the topic, and
    # `bitc restore` listed it for re-entry.
    assert report.after_backup == report.acknowledged - report.restored >= 20
    assert report.after_backup_on_topic == report.after_backup_listed == report.after_backup
