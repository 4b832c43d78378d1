"""Half-open minute intervals `[start, end)`: the one implementation of clipping, merging and
cutting that availability, off-hours, the generator and the bounds all use.

Every function takes any iterable of pairs (tuples or two-element lists) and returns sorted
tuples. Touching intervals are joined: a task may run across 17:30 into an agreed evening,
and the contract wants a period the planner may use as ONE interval.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Interval = tuple[int, int]


def clip(intervals: Iterable[Sequence[int]], low: int, high: int) -> list[Interval]:
    """Each interval cut to `[low, high)`; empty ones dropped (order kept)."""
    return [(max(a, low), min(b, high)) for a, b in intervals if min(b, high) > max(a, low)]


def merge(intervals: Iterable[Sequence[int]]) -> list[Interval]:
    """Sorted, with overlapping or touching intervals joined and empty ones dropped."""
    merged: list[Interval] = []
    for start, end in sorted((a, b) for a, b in intervals if a < b):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(
    intervals: Iterable[Sequence[int]], removed: Iterable[Sequence[int]]
) -> list[Interval]:
    """`intervals` minus `removed`, merged."""
    cuts = merge(removed)
    result: list[Interval] = []
    for start, end in merge(intervals):
        for cut_start, cut_end in cuts:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                result.append((start, cut_start))
            start = max(start, cut_end)
            if start >= end:
                break
        if start < end:
            result.append((start, end))
    return result


def complement(intervals: Iterable[Sequence[int]], low: int, high: int) -> list[Interval]:
    """What of `[low, high)` no interval covers."""
    return subtract([(low, high)], intervals)


def intersect(xs: Iterable[Sequence[int]], ys: Iterable[Sequence[int]]) -> list[Interval]:
    """Where both cover, merged."""
    a, b = merge(xs), merge(ys)
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo < hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def total(intervals: Iterable[Sequence[int]]) -> int:
    """Minutes covered (overlaps counted once)."""
    return sum(b - a for a, b in merge(intervals))
