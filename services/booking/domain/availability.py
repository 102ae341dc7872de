"""Free intervals of a space: when a new booking could start and end.

A moment is free when the space is open, not closed, and a booking there, widened by the
space's buffers, would not touch the span any live booking holds. So each held span is grown
by the buffers the other way round (a held span [a, b) blocks [a - after, b + before)).
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

Interval = tuple[datetime, datetime]


def subtract(free: list[Interval], taken: Iterable[Interval]) -> list[Interval]:
    """``free`` minus every ``taken`` interval (all half-open)."""
    result = free
    for t_start, t_end in taken:
        remaining = []
        for f_start, f_end in result:
            if t_end <= f_start or f_end <= t_start:
                remaining.append((f_start, f_end))
                continue
            if f_start < t_start:
                remaining.append((f_start, t_start))
            if t_end < f_end:
                remaining.append((t_end, f_end))
        result = remaining
    return result


def free_intervals(
    *,
    window: Interval,
    opening: Iterable[Interval],
    closures: Iterable[Interval],
    held: Iterable[Interval],
    buffer_before: timedelta,
    buffer_after: timedelta,
) -> list[Interval]:
    """Free intervals within ``window``, in time order, adjacent ones merged."""
    start, end = window
    open_parts = sorted((max(o, start), min(c, end)) for o, c in opening if o < end and start < c)
    blocked = [(a - buffer_after, b + buffer_before) for a, b in held]
    free = subtract(open_parts, [*closures, *blocked])
    merged: list[Interval] = []
    for f_start, f_end in sorted(free):
        if merged and merged[-1][1] >= f_start:
            merged[-1] = (merged[-1][0], max(merged[-1][1], f_end))
        else:
            merged.append((f_start, f_end))
    return merged
