"""The rules for a period entered as counts per group (core.period_counts)."""

import pytest

from internkontroll.core.errors import InvalidInput
from internkontroll.core.period_counts import GroupCounts, period_counts
from internkontroll.core.templates import shipped_templates, template_from_dict

VG = template_from_dict(next(d for d in shipped_templates() if d["key"] == "vardighetsgarantier"))
PLAN = "genomforandeplan"


def group(attribute: str, value: str, ja: int, nej: int, cases: int | None = None
          ) -> GroupCounts:
    return GroupCounts(attribute, value, {PLAN: {"ja": ja, "nej": nej}}, cases)


def test_whole_is_the_sum_of_one_attribute_and_both_attributes_agree() -> None:
    found = period_counts(VG, None, None, [
        group("kon", "man", 3, 1), group("verksamhet", "hemtjanst", 5, 2, cases=8),
        group("kon", "kvinna", 4, 1), group("verksamhet", "sarskilt_boende", 2, 0, cases=3)])
    assert found.counts == {PLAN: {"ja": 7, "nej": 2}}
    assert found.cases == 11  # every verksamhet gave its cases; kön gave none
    # In the template's order: breakdowns, then values.
    assert [(g.attribute, g.value) for g in found.groups] == [
        ("verksamhet", "sarskilt_boende"), ("verksamhet", "hemtjanst"), ("kon", "kvinna"),
        ("kon", "man")]


def test_cases_of_the_whole_stay_unknown_unless_every_group_gives_them() -> None:
    found = period_counts(VG, None, None, [group("verksamhet", "hemtjanst", 5, 2, cases=8),
                                           group("verksamhet", "sarskilt_boende", 2, 0)])
    assert (found.cases, [g.cases for g in found.groups]) == (None, [None, 8])


def test_empty_groups_are_left_out_and_zero_counts_dropped() -> None:
    found = period_counts(VG, {PLAN: {"ja": 4, "nej": 0}}, None,
                          [group("kon", "annat", 0, 0), group("kon", "man", 1, 0)])
    assert found.counts == {PLAN: {"ja": 4}}
    assert [(g.value, g.counts) for g in found.groups] == [("man", {PLAN: {"ja": 1}})]


@pytest.mark.parametrize(("whole", "cases", "groups", "message"), [
    (None, None, [group("kon", "man", 3, 1), group("verksamhet", "hemtjanst", 3, 2)],
     "Grupperna efter verksamhet och efter kön ger olika summor för ”Vårdtagaren har en "
     "aktuell genomförandeplan” (genomforandeplan)"),
    (None, None, [group("kon", "man", 3, 1, cases=4), group("verksamhet", "hemtjanst", 3, 1,
                                                           cases=5)],
     "olika antal ärenden"),
    ({PLAN: {"ja": 2}}, None, [group("kon", "man", 3, 0)], "fler bedömningar än hela"),
    ({PLAN: {"ja": 2}}, 1, [], "har 2 bedömningar men bara 1 ärenden"),
    (None, None, [group("enhet", "Solgården", 1, 0)], "Antal per enhet kan inte anges"),
    (None, None, [group("maltidsinsats", "ja", 1, 0)], "Antal per måltidsinsats kan inte"),
    (None, None, [group("verksamhet", "skola", 1, 0)], "Okänt värde 'skola'"),
    (None, None, [group("verksamhet", "hemtjanst", 1, 0), group("verksamhet", "hemtjanst", 1,
                                                                0)],
     "Gruppen verksamhet=Hemtjänst förekommer två gånger"),
    (None, None, [group("verksamhet", "hemtjanst", -1, 0)], "kan inte vara negativt"),
    (None, None, [], "Inga antal är angivna."),
    (None, 8, [], "Inga bedömningar är angivna"),
    (None, None, [group("verksamhet", "hemtjanst", 0, 0, cases=8)],
     "Inga bedömningar är angivna"),
    ({PLAN: {"ej_aktuellt": 5}}, None, [], "Inga bedömningar är angivna"),
])
def test_refused(whole, cases, groups, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        period_counts(VG, whole, cases, groups)
