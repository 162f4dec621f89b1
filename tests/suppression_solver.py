"""An attacker's brute-force solver for published breakdown tables (SPEC § 7.1).

Written independently of ``core.suppression``: it only knows what a document prints and the
published rule (a "<N" is 1..N−1, an "x" is at least N, a cell is at most its denominator, a
denominator at most ``per_case`` × the group's cases, every group shown has a case), and it
enumerates every assignment of the hidden numbers that agrees with all published numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

Key = tuple[str, ...]


@dataclass
class PublishedColumn:
    total: int  # the column's published total count (e.g. the indicator's count)
    total_of: int  # its published denominator
    per_case: int
    cells: list[tuple[int | str | None, int | None]]  # per row: (count or mark, of); None: hidden


@dataclass
class Published:
    threshold: int
    total: int  # the published sample size
    rows: list[int | str]  # per row: its case count, or its mark
    columns: list[PublishedColumn]


def _bounds(mark: str, threshold: int, top: int) -> range:
    if mark == "x":
        return range(threshold, top + 1)
    assert mark == f"<{threshold}", mark
    return range(1, min(threshold - 1, top) + 1)


def _tuples(domains: list[range], total: int) -> Iterator[tuple[int, ...]]:
    """Every choice of one value per domain that sums to ``total``."""
    if not domains:
        if total == 0:
            yield ()
        return
    rest_low = sum(d.start for d in domains[1:])
    rest_high = sum(d.stop - 1 for d in domains[1:])
    for value in domains[0]:
        if rest_low <= total - value <= rest_high:
            for tail in _tuples(domains[1:], total - value):
                yield (value, *tail)


def _column(pub: Published, c: int, sizes: dict[int, int]) -> dict[Key, set[int]] | None:
    """The values of column ``c``'s hidden numbers with these row sizes; None: inconsistent."""
    column = pub.columns[c]
    hidden_rows = [g for g, r in enumerate(pub.rows) if isinstance(r, str)]
    marked = [g for g, (h, _) in enumerate(column.cells) if isinstance(h, str)]
    shown_of = sum(o for g, (_, o) in enumerate(column.cells) if g not in hidden_rows
                   for o in [o] if o is not None)
    shown_count = sum(h for h, _ in column.cells if isinstance(h, int))
    found: dict[Key, set[int]] = {}
    consistent = False
    of_domains = [range(0, column.per_case * sizes[g] + 1) for g in hidden_rows]
    for ofs in _tuples(of_domains, column.total_of - shown_of):
        domains = [range(0, o + 1) for o in ofs]
        for g in marked:
            top = column.cells[g][1]
            assert top is not None
            domains.append(_bounds(str(column.cells[g][0]), pub.threshold, top))
        for counts in _tuples(domains, column.total - shown_count):
            consistent = True
            for n, g in enumerate(hidden_rows):
                found.setdefault(("h", str(g), str(c)), set()).add(counts[n])
                found.setdefault(("o", str(g), str(c)), set()).add(ofs[n])
                found.setdefault(("n", str(g), str(c)), set()).add(ofs[n] - counts[n])
            for n, g in enumerate(marked):
                found.setdefault(("h", str(g), str(c)), set()).add(counts[len(hidden_rows) + n])
    return found if consistent else None


def feasible(pub: Published) -> dict[Key, set[int]]:
    """Every value each hidden number can take, given everything published."""
    hidden_rows = [g for g, r in enumerate(pub.rows) if isinstance(r, str)]
    shown = sum(r for r in pub.rows if isinstance(r, int))
    found: dict[Key, set[int]] = {}
    domains = [_bounds(str(pub.rows[g]), pub.threshold, pub.total) for g in hidden_rows]
    for sizes in _tuples(domains, pub.total - shown):
        by_row = dict(zip(hidden_rows, sizes, strict=True))
        parts = [_column(pub, c, by_row) for c in range(len(pub.columns))]
        if any(p is None for p in parts):
            continue  # some column cannot be filled in with these sizes
        for g, s in by_row.items():
            found.setdefault(("s", str(g)), set()).add(s)
        for part in parts:
            for key, values in (part or {}).items():
                found.setdefault(key, set()).update(values)
    return found


def pinned(pub: Published) -> dict[Key, set[int]]:
    """The hidden numbers that the published ones pin to one value (or to none: inconsistent)."""
    return {k: v for k, v in feasible(pub).items() if len(v) < 2}
