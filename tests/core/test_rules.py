import pytest

from internkontroll.core.errors import InvalidInput
from internkontroll.core.rules import Answer, Applicability, applicability, resolve_answers
from internkontroll.core.templates import (
    EJ_AKTUELLT,
    make_key,
    shipped_templates,
    template_from_dict,
)


@pytest.fixture(scope="module")
def vg():
    return next(template_from_dict(d) for d in shipped_templates()
                if d["key"] == "vardighetsgarantier")


@pytest.fixture(scope="module")
def eb():
    return next(template_from_dict(d) for d in shipped_templates()
                if d["key"] == "ekonomiskt-bistand")


def test_shipped_templates_have_the_spec_keys() -> None:
    found = {d["key"]: template_from_dict(d) for d in shipped_templates()}
    assert set(found) == {"ekonomiskt-bistand", "vardighetsgarantier", "sip"}
    eb, vg, sip = found["ekonomiskt-bistand"], found["vardighetsgarantier"], found["sip"]
    assert [i.key for i in eb.items] == ["ansokan", "sjalvforsorjning", "aktanteckningar",
                                         "berakningar", "bedomning", "barnperspektiv", "beslut"]
    assert eb.main.headline == "helt" and [o.key for o in eb.main.options] == [
        "helt", "delvis", "saknas", EJ_AKTUELLT]
    assert eb.breakdowns == ("kon",) and eb.reporting_months == (5, 11)
    assert [i.key for i in vg.items] == ["genomforandeplan", "delaktig", "behov_onskemal",
                                         "dagsform", "egen_tid", "maltider", "utevistelse",
                                         "gruppaktiviteter"]
    assert vg.main.headline == "ja" and vg.breakdowns == ("verksamhet", "kon")
    assert vg.reporting_months == (3, 11)
    assert [i.key for i in sip.items] == ["sip_status"] and sip.main.headline == "upprattad"
    assert [(i.key, i.options, i.headline) for i in sip.indicators] == [
        ("erbjuden", ("upprattad", "accepterad_ej_upprattad", "tackat_nej"), True),
        ("upprattad", ("upprattad",), True),
        ("accepterad_ej_upprattad", ("accepterad_ej_upprattad",), False),
        ("tackat_nej", ("tackat_nej",), False), ("ej_erbjuden", ("ej_erbjuden",), False)]
    assert sip.breakdowns == ("verksamhetsomrade", "personkategori")
    assert sip.reporting_months == (4, 11)
    for template in found.values():
        assert all(item.guidance for item in template.items)
        assert {"frekvens", "kontrollansvar", "metod", "process"} <= set(template.plan)


def test_child_item_depends_on_attribute(eb) -> None:
    item = eb.item("barnperspektiv")
    assert applicability(item, {"barn_i_hushallet": "ja"}, {}) is Applicability.APPLIES
    assert applicability(item, {"barn_i_hushallet": "nej"}, {}) is Applicability.NOT_APPLICABLE
    assert applicability(item, {}, {}) is Applicability.UNKNOWN


def test_blank_attribute_refuses_an_answer_and_names_it(eb) -> None:
    with pytest.raises(InvalidInput, match="Uppgift om barn i hushållet saknas för ärende 7"):
        resolve_answers(eb, {}, {}, {"barnperspektiv": Answer("helt")}, "ärende 7")


def test_failed_rule_refuses_an_answer(eb) -> None:
    with pytest.raises(InvalidInput, match="inte aktuellt"):
        resolve_answers(eb, {"barn_i_hushallet": "nej"}, {},
                        {"barnperspektiv": Answer("helt")}, "ärende 1")


def test_plan_rules_cascade(vg) -> None:
    attrs = {"verksamhet": "hemtjanst", "maltidsinsats": "ja"}
    answers = resolve_answers(vg, attrs, {}, {"genomforandeplan": Answer("nej")}, "ärende 1")
    assert answers["genomforandeplan"].option == "nej"
    assert all(answers[k].option == EJ_AKTUELLT and answers[k].by_rule
               for k in ["delaktig", "maltider", "gruppaktiviteter"])
    # The plan exists after all: dependent items become unassessed, and the group item stays
    # ej aktuellt because hemtjänst has no group activities.
    after = resolve_answers(vg, attrs, answers, {"genomforandeplan": Answer("ja")}, "ärende 1")
    assert "delaktig" not in after and "maltider" not in after
    assert after["gruppaktiviteter"].option == EJ_AKTUELLT


def test_make_key_folds_swedish_letters() -> None:
    assert make_key("Barn i hushållet") == "barn_i_hushallet"
    assert make_key("Övrigt – 2 st") == "ovrigt_2_st"
    assert make_key("3 frågor") == "k_3_fragor"


def test_invalid_template_is_refused() -> None:
    data = {"key": "x", "title": "X", "scales": {"s": {"options": [{"key": "a"}]}},
            "items": [{"key": "i", "text": "T", "scale": "s",
                       "applicable_when": [{"item": "later", "in": ["a"]}]},
                      {"key": "later", "text": "T", "scale": "s"}]}
    with pytest.raises(InvalidInput, match="tidigare kontrollmoment"):
        template_from_dict(data)
