"""Suppression attacked by subtraction: a brute-force solver over everything a breakdown table
and the report's totals publish must never pin a hidden number to one value (SPEC § 7.1)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from internkontroll.core.results import Result, ReviewInfo, compute
from internkontroll.core.suppression import (
    Column,
    Decision,
    decide,
    hidden_items,
    small,
    without,
)
from internkontroll.core.templates import shipped_templates, template_from_dict
from tests.suppression_solver import Published, PublishedColumn, feasible

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out


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


EB = template_from_dict(next(d for d in shipped_templates() if d["key"] == "ekonomiskt-bistand"))
INFO = ReviewInfo(1, "Nov -24", EB.key, "2024-11-20")


def _result(cases: int, concerned: int, applicable: int, helt: int) -> Result:
    counts = {i.key: {"helt": cases} for i in EB.items if i.key != "barnperspektiv"}
    counts["barnperspektiv"] = {"helt": helt, "saknas": applicable - helt,
                                "ej_aktuellt": cases - concerned}
    return compute(EB, INFO, counts, cases)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 30).flatmap(lambda s: st.tuples(
    st.just(s), st.integers(0, s).flatmap(lambda n: st.tuples(
        st.just(n), st.integers(0, n).flatmap(lambda o: st.tuples(
            st.just(o), st.integers(0, o))))))),
    st.integers(2, 10))
def test_a_conditional_count_cannot_be_worked_out(
        case: tuple[int, tuple[int, tuple[int, int]]], threshold: int) -> None:
    """'I 1 ärenden hade den sökande barn' and '1/1 saknas': an item on a person attribute."""
    cases, (concerned, (applicable, helt)) = case
    result = _result(cases, concerned, applicable, helt)
    hidden = hidden_items(EB, result, threshold)
    assert "barnperspektiv" not in hidden or hidden == {"barnperspektiv"}
    small_group = any(0 < v < threshold for v in (concerned, applicable, cases - concerned))
    assert ("barnperspektiv" in hidden) == small_group
    if not hidden:
        return
    # What is published of it: only that it is hidden. Every (n, o) the rule would also hide
    # is possible, so the attacker's candidates for n, o and the rest of the sample:
    candidates = [(n, o) for n in range(cases + 1) for o in range(n + 1)
                  if "barnperspektiv" in hidden_items(EB, _result(cases, n, o, 0), threshold)]
    assert (concerned, applicable) in candidates
    assert len({n for n, _ in candidates}) >= 2 or cases < 2
    assert len({o for _, o in candidates}) >= 2
    # ... and it counts in no published total: the Summa is the other items' alone.
    published = without(EB, result, hidden)
    others = [i for i in published.items if i.key != "barnperspektiv"]
    assert published.total.applicable == sum(i.applicable for i in others)
    assert published.total.counts["helt"] == sum(i.counts["helt"] for i in others)
    assert published.item("barnperspektiv").applicable == 0
