import pytest

from internkontroll.core.results import ReviewInfo, compute
from internkontroll.core.templates import shipped_templates, template_from_dict

EB = template_from_dict(next(d for d in shipped_templates() if d["key"] == "ekonomiskt-bistand"))
INFO = ReviewInfo(1, "Nov -22", "ekonomiskt-bistand", "2022-11-17")


def test_worked_example_through_the_engine() -> None:
    counts = {
        "ansokan": {"helt": 9, "delvis": 1}, "sjalvforsorjning": {"helt": 6, "delvis": 3,
                                                                  "saknas": 1},
        "aktanteckningar": {"helt": 8, "delvis": 2}, "berakningar": {"helt": 10},
        "bedomning": {"helt": 7, "delvis": 3},
        "barnperspektiv": {"helt": 1, "delvis": 1, "saknas": 2, "ej_aktuellt": 6},
        "beslut": {"helt": 10},
    }
    result = compute(EB, INFO, counts, cases=10)
    assert result.total.applicable == 64
    assert result.total.counts == {"helt": 51, "delvis": 10, "saknas": 3}
    assert result.total.percent == {"helt": 80, "delvis": 16, "saknas": 5}
    assert result.total.rounding_note  # 80 + 16 + 5 = 101
    child = result.item("barnperspektiv")
    assert (child.applicable, child.ej_aktuellt, child.unassessed) == (4, 6, 0)
    assert not child.rounding_note


def test_unassessed_and_empty_items() -> None:
    result = compute(EB, INFO, {"ansokan": {"helt": 3}}, cases=5)
    assert result.item("ansokan").unassessed == 2
    beslut = result.item("beslut")
    assert beslut.applicable == 0 and beslut.percent == {"helt": None, "delvis": None,
                                                         "saknas": None}
    assert beslut.interval["helt"] is None
    counts_only = compute(EB, INFO, {"ansokan": {"helt": 3}}, cases=None)
    assert counts_only.item("beslut").unassessed == 0


def _period(review_id: int, helt: int, of: int, cases: int | None = None,
            population: int | None = None):
    from internkontroll.core.results import ReviewInfo

    info = ReviewInfo(review_id, f"P{review_id}", "ekonomiskt-bistand", f"202{review_id}-05-01")
    counts = {"ansokan": {"helt": helt, "saknas": of - helt},
              "barnperspektiv": {"helt": 1, "delvis": 1}}
    return compute(EB, info, counts, cases=cases, population=population)


def test_trend_over_three_or_more_periods_beside_the_change() -> None:
    from internkontroll.core.results import add_changes, add_trends, item_json
    from internkontroll.core.stats import cochran_armitage, fisher_exact

    chain = [_period(1, 9, 20), _period(2, 14, 20, cases=20), _period(3, 20, 20, cases=20)]
    for previous, current in zip(chain, chain[1:], strict=False):
        add_changes(EB, current, previous)
    add_trends(EB, chain)
    assert not chain[0].item("ansokan").trend and not chain[1].item("ansokan").trend
    last = item_json(chain[2].item("ansokan"))
    expected = cochran_armitage([(9, 20), (14, 20), (20, 20)])
    assert expected is not None
    assert last["trend"] == {"helt": {"periods": 3, "z": expected.z,
                                      "p_value": expected.p_value,
                                      "verdict": "statistiskt säkerställd förändring"}}
    assert set(last) >= {"change", "trend"}
    assert chain[2].item("ansokan").change["helt"].p_value == fisher_exact(20, 0, 14, 6)
    # The p-value is kept at full precision: 5/20 → 20/20 would read 0.0 with four decimals.
    jump = [_period(1, 5, 20), _period(2, 20, 20)]
    add_changes(EB, jump[1], jump[0])
    assert jump[1].item("ansokan").change["helt"].p_value == pytest.approx(7.7086e-07,
                                                                             rel=1e-4)
    assert item_json(chain[2].item("barnperspektiv"))["trend"]["helt"]["p_value"] == 1.0


def test_counts_only_periods_take_part_in_change_and_trend() -> None:
    from internkontroll.core.results import add_changes, add_trends

    chain = [_period(1, 9, 20), _period(2, 12, 20), _period(3, 20, 20, cases=20)]
    add_changes(EB, chain[2], chain[1])
    add_trends(EB, chain)
    assert chain[0].cases is None and chain[1].cases is None
    assert chain[2].item("ansokan").change["helt"].pp == 40
    assert chain[2].item("ansokan").trend["helt"].periods == 3


def test_a_census_has_no_intervals_and_a_sample_has_corrected_ones() -> None:
    census = _period(1, 15, 20, cases=20, population=20)
    assert census.census
    assert census.item("ansokan").interval == {"helt": None, "delvis": None, "saknas": None}
    sample = _period(1, 15, 20, cases=20, population=40)
    plain = _period(1, 15, 20, cases=20)
    assert not sample.census and not plain.census
    assert plain.item("ansokan").interval["helt"] == (53.1, 88.8)
    narrow = sample.item("ansokan").interval["helt"]
    assert narrow is not None and 53.1 < narrow[0] < narrow[1] < 88.8
    # An item applicable in part of a census has no sampling uncertainty either.
    assert census.item("barnperspektiv").interval["helt"] is None
