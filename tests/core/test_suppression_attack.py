"""Suppression attacked by subtraction: a brute-force solver over everything a breakdown table
and the report's totals publish must never pin a hidden number to one value (SPEC § 7.1)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from internkontroll.core.suppression import Column, Decision, decide, small
from tests.suppression_solver import Published, PublishedColumn, feasible


def publish(sizes: list[int], columns: list[Column], decision: Decision) -> Published | None:
    """What the documents print for this table under ``decision`` (None: withheld)."""
    if decision.withheld:
        return None
    rows: list[int | str] = [decision.rows.get(g, s) for g, s in enumerate(sizes)]
    published = []
    for c, column in enumerate(columns):
        cells: list[tuple[int | str | None, int | None]] = []
        for g in range(len(sizes)):
            if g in decision.rows:
                cells.append((None, None))
            else:
                cells.append((decision.cells.get((g, c), column.counts[g]), column.of[g]))
        published.append(PublishedColumn(sum(column.counts), sum(column.of), column.per_case,
                                         cells))
    return Published(decision.threshold, sum(sizes), rows, published)


def truth(sizes: list[int], columns: list[Column], decision: Decision
          ) -> dict[tuple[str, ...], int]:
    found = {}
    for g in decision.rows:
        found["s", str(g)] = sizes[g]
        for c, column in enumerate(columns):
            # what the overall column total pins on its own is published anyway
            if sum(column.counts) > 0:
                found["h", str(g), str(c)] = column.counts[g]
            if sum(column.of) > 0:
                found["o", str(g), str(c)] = column.of[g]
            if sum(column.counts) < sum(column.of):
                found["n", str(g), str(c)] = column.of[g] - column.counts[g]
    for g, c in decision.cells:
        if sum(columns[c].counts) < sum(columns[c].of):
            found["h", str(g), str(c)] = columns[c].counts[g]
    return found


def assert_safe(sizes: list[int], columns: list[Column], threshold: int) -> Decision:
    decision = decide(sizes, columns, threshold)
    published = publish(sizes, columns, decision)
    if published is None:
        return decision
    # nothing small is printed
    assert not any(isinstance(r, int) and small(r, threshold) for r in published.rows)
    assert not any(isinstance(h, int) and small(h, threshold)
                   for column in published.columns for h, _ in column.cells)
    values = feasible(published)
    for key, value in truth(sizes, columns, decision).items():
        assert value in values.get(key, set()), (key, value)  # the solver is sound
        assert len(values[key]) >= 2, (key, values[key], sizes, columns, decision)
    return decision


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[int], list[Column], int]:
    groups = draw(st.integers(2, 4))
    sizes = draw(st.lists(st.integers(1, 7), min_size=groups, max_size=groups))
    columns = []
    for _ in range(draw(st.integers(1, 2))):
        per_case = draw(st.integers(1, 2))
        of = [draw(st.integers(0, per_case * s)) for s in sizes]
        counts = [draw(st.integers(0, o)) for o in of]
        columns.append(Column(tuple(counts), tuple(of), per_case))
    return sizes, columns, draw(st.integers(2, 6))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_hidden_number_can_be_worked_out(table: tuple[list[int], list[Column], int]) -> None:
    assert_safe(*table)


def test_two_small_groups_that_the_total_determines_are_not_published() -> None:
    """Kvinna <5, Man 18, Annat <5 of 20: both hidden groups must be 1."""
    sizes = [1, 18, 1]
    column = Column((1, 12, 0), (1, 18, 1))
    decision = assert_safe(sizes, [column], 5)
    assert decision.withheld


def test_a_small_group_gets_a_complement_that_leaves_it_open() -> None:
    sizes = [3, 9, 8]
    column = Column((2, 7, 6), (3, 9, 8))
    decision = assert_safe(sizes, [column], 5)
    assert decision.rows == {0: "<5", 2: "x"} and not decision.withheld
