"""Which schema a build runs on (shared/persistence/schema_version.py): its own migration head or
a newer release's, never an older one; the database side is in
tests/integration/test_schema_gate.py."""

import pytest

from bitc.provision import SERVICES
from shared.persistence.migrations import revisions
from shared.persistence.schema_version import RequiredSchema


@pytest.mark.parametrize("service", SERVICES)
def test_the_build_needs_its_newest_migration(service: str) -> None:
    required = RequiredSchema.of(service)
    assert required.head == revisions(service)[-1].revision
    assert required.shortfall(required.head) is None


@pytest.mark.parametrize("service", SERVICES)
def test_every_older_migration_is_behind(service: str) -> None:
    required = RequiredSchema.of(service)
    for script in revisions(service)[:-1]:
        reason = required.shortfall(script.revision)
        assert reason == (
            f"the {service} schema is at migration {script.revision}, this build needs "
            f"{required.head}: run bitc setup of this release"
        )


def test_a_never_migrated_schema_is_behind() -> None:
    assert RequiredSchema.of("booking").shortfall(None) == (
        "the booking schema has no migrations yet: run bitc setup"
    )


def test_a_migration_this_build_does_not_know_is_a_newer_release_s() -> None:
    # The previous release's pods keep serving while the next one has migrated (expand/contract).
    assert RequiredSchema.of("notifications").shortfall("0042_from_the_next_release") is None
