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
