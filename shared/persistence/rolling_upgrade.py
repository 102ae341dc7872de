"""Expand/contract, checked: what in a schema change would break the previous release's code,
which keeps running against the new schema until the rolling upgrade has replaced its pods
(docs/operations.md, "Upgrade"; docs/architecture.md, "Add a migration").

The previous release reads and writes only the tables and columns it knew. It breaks when one is
dropped or renamed, when a column's type changes under it, when a column its INSERTs leave out
is NOT NULL with nothing to fill it, and when a new or changed constraint or unique index reads
a column it writes (its rows may violate it). A migration whose change is safe anyway says why
in ``rolling_upgrade_reviewed``; a contract step (dropping what no released code uses any more)
says so in ``contract``.
"""

from dataclasses import dataclass

from shared.persistence.schema_snapshot import Schema, Table


@dataclass(frozen=True, order=True)
class Finding:
    #: Stable, so a migration can name it in ``rolling_upgrade_reviewed``.
    key: str
    why: str


def breaking_changes(before: Schema, after: Schema) -> list[Finding]:
    findings: list[Finding] = []
    for name, old in before.items():
        new = after.get(name)
        if new is None:
            findings.append(Finding(f"table {name} dropped", "its readers and writers fail"))
        else:
            findings += _table_changes(name, old, new)
    return sorted(findings)


def _table_changes(name: str, old: Table, new: Table) -> list[Finding]:
    findings: list[Finding] = []
    for column, was in old.columns.items():
        now = new.columns.get(column)
        where = f"{name}.{column}"
        if now is None:
            findings.append(Finding(f"column {where} dropped", "old code still reads it"))
        elif now.type != was.type:
            findings.append(
                Finding(f"column {where} type {was.type} -> {now.type}", "old values may not fit")
            )
        elif (
            not now.nullable and not now.filled_on_insert and (was.nullable or was.filled_on_insert)
        ):
            findings.append(
                Finding(
                    f"column {where} NOT NULL without default",
                    "old code leaves it out or writes NULL into it",
                )
            )
    for column, now in new.columns.items():
        if column not in old.columns and not now.nullable and not now.filled_on_insert:
            findings.append(
                Finding(
                    f"column {name}.{column} NOT NULL without default",
                    "old INSERTs leave it out and fail",
                )
            )
    old_columns = set(old.columns)
    for rule_name, rule in new.rules.items():
        known = old.rules.get(rule_name)
        if known == rule:
            continue
        # A rule reading only columns old code never writes holds for its rows by their defaults.
        if rule.columns and not rule.columns & old_columns:
            continue
        verb = "added" if known is None else "changed"
        findings.append(
            Finding(
                f"constraint {name}.{rule_name} {verb}",
                f"old writers' rows may violate it: {rule.definition}",
            )
        )
    return findings
