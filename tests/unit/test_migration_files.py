"""A service learns the migrations its build carries from its migration files without importing
Alembic (10 MB of every service process): the reading agrees with Alembic's for every service,
and a service's composition root does not import Alembic at all."""

import subprocess
import sys

import pytest

from shared.persistence.migration_files import migration_chain
from shared.persistence.migrations import scripts

SERVICES = ("tenancy", "booking", "notifications")


@pytest.mark.parametrize("service", SERVICES)
def test_the_head_and_the_revisions_are_alembics(service):
    alembic = scripts(service)
    chain = migration_chain(service)
    assert chain.head == alembic.get_current_head()
    assert chain.revisions == {script.revision for script in alembic.walk_revisions()}


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_process_does_not_import_alembic(service):
    probe = (
        f"import sys, services.{service}.bootstrap as b; "
        f"from shared.persistence.schema_version import RequiredSchema; "
        f"RequiredSchema.of({service!r}); print(sorted(m for m in sys.modules if 'alembic' in m))"
    )
    imported = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert imported.strip() == "[]"
