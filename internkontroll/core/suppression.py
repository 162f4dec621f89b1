"""Small-count suppression that cannot be undone by subtraction (SPEC § 7, § 7.1).

A breakdown table has one row per group (its case count ``s``) and one or more columns; each
cell is "h av o": ``h`` cases (or assessments) of the group's ``o``. Column totals (the overall
indicator or headline count, and its denominator) and the grand total (the sample size) are
published elsewhere in the redovisning, so a hidden number can be worked out from them unless
enough other numbers are hidden with it.

The rule, as a reader who knows the totals and the rule itself sees it:

- a group of 1..N−1 cases is hidden whole ("<N", nothing of its row shown); a cell of a shown
  row whose count is 1..N−1 is hidden as "<N av o";
- complementary hiding ("x") is added until every hidden number can still take at least two
  values given every published number and every known bound: "<N" is 1..N−1, "x" is at least
  N (it was not small), a cell is at most its ``o``, and ``o`` at most ``per_case`` × the
  group's cases;
- when that cannot be reached with part of the table shown, the table is withheld;
- a number that the overall results pin anyway (a column where none, or all, had the outcome)
  is not the breakdown's to protect.

The feasible values are computed exactly: each published total gives one equation over the
hidden numbers with box bounds (an interval per hidden number), and the hidden rows' own cells
are bounded by pooling (a set of rows can hold any split of a total up to its capacity).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from internkontroll.core.formatting import percent_half_up
from internkontroll.core.results import IndicatorResult, ItemResult, Result, Share
from internkontroll.core.templates import Template

COMPLEMENT = "x"
WITHHELD = ("Redovisas inte, eftersom små antal annars skulle kunna räknas fram ur de andra "
            "siffrorna i redovisningen.")


def parse_threshold(setting: str | None) -> int | None:
    """The ``small_counts`` setting: None when off, else N (counts 1..N−1 are hidden)."""
    if setting is None or not setting.strip().isdigit():
        return None
    value = int(setting)
    return value if 1 <= value <= 10 else None


def small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


@dataclass(frozen=True)
class Column:
    """One column of a breakdown table: the count and its denominator per row."""

    counts: tuple[int, ...]
    of: tuple[int, ...]
    per_case: int = 1  # the most a single case adds to ``of`` (1, or the number of items)


@dataclass
class Decision:
    """Which numbers of one breakdown table are hidden, with their marks."""

    threshold: int
    rows: dict[int, str] = field(default_factory=dict)  # hidden rows → mark for their size
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → mark
    withheld: bool = False  # the whole table (and its groups' names) is left out

    @property
    def any(self) -> bool:
        return self.withheld or bool(self.rows or self.cells)


def interval(bounds: Sequence[tuple[int, int]], total: int, index: int) -> tuple[int, int]:
    """The values variable ``index`` can take when all variables, each within its bounds, sum
    to ``total``. Exact for one equation: the set of values is this interval (empty: lo > hi)."""
    low = sum(b[0] for n, b in enumerate(bounds) if n != index)
    high = sum(b[1] for n, b in enumerate(bounds) if n != index)
    return max(bounds[index][0], total - high), min(bounds[index][1], total - low)


def _open(span: tuple[int, int]) -> bool:
    """At least two values."""
    return span[1] - span[0] >= 1


def _mark_bounds(mark: str, threshold: int, top: int) -> tuple[int, int]:
    return (1, min(threshold - 1, top)) if mark != COMPLEMENT else (threshold, top)


@dataclass
class _Table:
    sizes: Sequence[int]
    columns: Sequence[Column]
    threshold: int

    def row_spans(self, rows: dict[int, str]) -> dict[int, tuple[int, int]] | None:
        """The feasible case counts of each hidden row, or None when one is pinned."""
        order = sorted(rows)
        hidden = sum(self.sizes[g] for g in order)
        bounds = [_mark_bounds(rows[g], self.threshold, hidden) for g in order]
        spans = {g: interval(bounds, hidden, n) for n, g in enumerate(order)}
        return spans if all(_open(s) for s in spans.values()) else None

    def column_marks(self, c: int, rows: dict[int, str]
                     ) -> tuple[dict[int, str], tuple[int, int]] | int:
        """Hidden cells of column ``c`` in shown rows, with the feasible range of the hidden
        rows' total count; or the row to hide when no complement can protect a cell."""
        column, n = self.columns[c], self.threshold
        shown = [g for g in range(len(self.sizes)) if g not in rows]
        marks = {g: f"<{n}" for g in shown if small(column.counts[g], n)}
        hidden_of = sum(column.of[g] for g in rows)
        if sum(column.counts) == sum(column.of):  # all had it: the overall result says so
            return marks, (hidden_of, hidden_of)
        while True:
            order = sorted(marks)
            bounds = [_mark_bounds(marks[g], n, column.of[g]) for g in order]
            if rows:
                bounds.append((0, hidden_of))
            total = sum(column.counts) - sum(column.counts[g] for g in shown if g not in marks)
            spans = [interval(bounds, total, i) for i in range(len(bounds))]
            pinned = [g for g, s in zip(order, spans, strict=False) if not _open(s)]
            if not pinned:
                return marks, spans[-1] if rows else (0, 0)
            tight = [g for g in pinned if not _open(_mark_bounds(marks[g], n, column.of[g]))]
            if tight:
                return tight[0]
            spare = [(column.counts[g], g) for g in shown
                     if g not in marks and column.counts[g] >= n]
            if not spare:
                return pinned[0]
            marks[min(spare)[1]] = COMPLEMENT

    def inner_open(self, rows: dict[int, str], spans: dict[int, tuple[int, int]], c: int,
                   totals: tuple[int, int]) -> bool:
        """Every hidden row's count, non-count and denominator in column ``c`` can take two
        values: the rows can hold any split of the hidden totals up to ``per_case`` × cases."""
        column = self.columns[c]
        hidden = sum(self.sizes[g] for g in rows)
        of = sum(column.of[g] for g in rows)
        m = column.per_case
        # A number the column total alone pins (none had it, all had it, none applied) is
        # published by the overall results anyway; the breakdown cannot hide it.
        inherent = {"h": sum(column.counts) == 0, "n": sum(column.counts) == sum(column.of),
                    "o": sum(column.of) == 0}
        for g in rows:
            found: dict[str, set[int]] = {k: set() for k, skip in inherent.items() if not skip}
            for size in range(spans[g][0], spans[g][1] + 1):
                own, others = m * size, m * (hidden - size)
                for count in range(totals[0], min(totals[1], of) + 1):
                    for key, part in (("h", count), ("n", of - count), ("o", of)):
                        low, high = max(0, part - others), min(part, own)
                        if key in found and low <= high:  # two ends: enough to see two values
                            found[key].update((low, high))
                    if all(len(v) >= 2 for v in found.values()):
                        break
                if all(len(v) >= 2 for v in found.values()):
                    break
            if any(len(v) < 2 for v in found.values()):
                return False
        return True


def decide(sizes: Sequence[int], columns: Sequence[Column], threshold: int,
           linked: frozenset[int] = frozenset()) -> Decision:
    """The one suppression decision for a breakdown table (see the module docstring).

    ``linked``: columns that are sums or differences of one another (SIP's erbjudits is
    upprättad + tackat ja + tackat nej, ej erbjudits the rest), so that a cell hidden in
    one of them could be worked out from the others in its row: such a row is hidden whole.
    """
    table = _Table(sizes, columns, threshold)
    rows = {g: f"<{threshold}" for g, s in enumerate(sizes) if small(s, threshold)}
    while True:
        if rows and len(rows) == len(sizes):
            return Decision(threshold, withheld=True)
        cells: dict[tuple[int, int], str] = {}
        problem: int | None = None
        totals: dict[int, tuple[int, int]] = {}
        for c in range(len(columns)):
            found = table.column_marks(c, rows)
            if isinstance(found, int):
                problem = found
                break
            marks, totals[c] = found
            cells.update({(g, c): m for g, m in marks.items()})
        if problem is None and rows:
            spans = table.row_spans(rows)
            if spans is None or not all(table.inner_open(rows, spans, c, totals[c])
                                        for c in range(len(columns))):
                problem = min((s, g) for g, s in enumerate(sizes) if g not in rows)[1]
        if problem is None:
            problem = next((g for g, c in sorted(cells) if c in linked), None)
        if problem is None:
            return Decision(threshold, rows, cells)
        rows[problem] = f"<{threshold}" if small(sizes[problem], threshold) else COMPLEMENT


def note(threshold: int) -> str:
    return (f"<{threshold} = färre än {threshold}; {COMPLEMENT} = dolt så att ett litet antal "
            "inte kan räknas fram ur summan. Små antal visas inte för att skydda enskilda.")


# Items whose applicability depends on a person attribute ("barn i hushållet"): their counts
# are counts of a group of persons, like a breakdown row. A small group, or a small rest of the
# sample, hides the item everywhere, and it counts in no published total (Summa, indicators,
# the breakdowns), so no subtraction brings it back.
HIDDEN_ITEM = "dolt"
ITEM_NOTE = (f"{HIDDEN_ITEM} = kontrollmomentet gäller så få ärenden att det inte redovisas; "
             "det räknas inte med i summan.")


def person_items(template: Template) -> tuple[str, ...]:
    return tuple(i.key for i in template.items
                 if any(c.kind == "attribute" for c in i.applicable_when))


def hidden_items(template: Template, result: Result, threshold: int) -> frozenset[str]:
    """The person-attribute items of ``result`` to hide: n (the cases it concerns), its
    applicable count or the rest of the sample is 1..N−1."""
    found = set()
    for key in person_items(template):
        item = result.item(key)
        concerned = item.applicable + item.unassessed
        # the cases it does not concern; with counts only, those counted as ej aktuellt
        rest = item.ej_aktuellt if result.cases is None else result.cases - concerned
        if small(concerned, threshold) or small(item.applicable, threshold) or \
                small(rest, threshold):
            found.add(key)
    return frozenset(found)


def without(template: Template, result: Result, hidden: frozenset[str]) -> Result:
    """``result`` as published: the hidden items empty and left out of Summa and indicators."""
    if not hidden:
        return result
    items = [ItemResult(0, {o: 0 for o in i.counts}, {o: None for o in i.counts}, key=i.key,
                        text=i.text) if i.key in hidden else i for i in result.items]
    summed: dict[str, int] = {o.key: 0 for o in template.main.counted}
    for item in items:
        if item.key in {i.key for i in template.main_items}:
            for option, count in item.counts.items():
                if option in summed:
                    summed[option] += count
    applicable = sum(summed.values())
    total = Share(applicable, summed,
                  {o: percent_half_up(c, applicable) for o, c in summed.items()})
    indicators = [IndicatorResult(i.key, i.label, 0, 0, None)
                  if template_item(template, i.key) in hidden else i for i in result.indicators]
    return Result(result.review, result.cases, items, total, indicators)


def template_item(template: Template, indicator: str) -> str:
    return next(i.item for i in template.indicators if i.key == indicator)
