"""Which migrations a service's build carries, read from its migration files without importing
Alembic: a running service needs only each file's ``revision`` and ``down_revision`` (the schema
check at start-up, shared/persistence/schema_version.py), and importing Alembic and every
migration for them cost each service process 10 MB of its memory (docs/performance.md).
``tests/unit/test_migration_files.py`` holds this reading to Alembic's own for every service."""

import ast
from dataclasses import dataclass
from pathlib import Path

SERVICES_DIR = Path(__file__).resolve().parents[2] / "services"
_NAMES = ("revision", "down_revision")


@dataclass(frozen=True)
class MigrationChain:
    head: str
    revisions: frozenset[str]


def migration_chain(service: str) -> MigrationChain:
    """The service's migrations: the one that no other follows, and all of them."""
    parents_of = dict(
        _revision_and_parents(path)
        for path in sorted((SERVICES_DIR / service / "migrations" / "versions").glob("*.py"))
    )
    followed = {parent for parents in parents_of.values() for parent in parents}
    heads = sorted(set(parents_of) - followed)
    if len(heads) != 1:
        raise ValueError(f"{service} must have one migration head, it has {heads}")
    return MigrationChain(heads[0], frozenset(parents_of))


def _revision_and_parents(path: Path) -> tuple[str, tuple[str, ...]]:
    values: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8"), str(path)).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in _NAMES:
            values[target.id] = ast.literal_eval(value)
    revision, down = values.get("revision"), values.get("down_revision")
    if not isinstance(revision, str):
        raise ValueError(f"{path} has no revision = '...'")
    if down is None:
        return revision, ()
    if isinstance(down, str):
        return revision, (down,)
    if isinstance(down, tuple | list):  # a merge of branches
        return revision, tuple(str(parent) for parent in down)
    raise ValueError(f"{path}: down_revision is neither a revision nor a list of them")
