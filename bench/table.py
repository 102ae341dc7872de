"""The suite's one table: each line a figure of the platform beside its baseline from the same
run (or, where nothing raw does the same work, the issue's target, marked so), as Markdown so
that it reads in a terminal and pastes into docs/performance.md unchanged."""

from dataclasses import dataclass

HEADER = ("row", "metric", "measured", "baseline", "measured ÷ baseline")


@dataclass(frozen=True)
class Line:
    row: str
    metric: str
    measured: str
    baseline: str
    ratio: str = ""


def number(value: float) -> str:
    """Three significant figures at most, never in scientific notation."""
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def ratio(measured: float, baseline: float) -> str:
    return f"{measured / baseline:.2f}" if baseline else "n/a"


def triple(values: tuple[float, float, float]) -> str:
    return " / ".join(number(v) for v in values)


def render(lines: list[Line]) -> str:
    rows = [HEADER, *((ln.row, ln.metric, ln.measured, ln.baseline, ln.ratio) for ln in lines)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]

    def cells(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([cells(rows[0]), rule, *(cells(row) for row in rows[1:])])
