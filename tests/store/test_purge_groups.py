"""After gallring a review's results and everything its documents say are what they were: per
item, in total, per breakdown group (cases, counts, shares, suppression), in "Urvalets
sammansättning" and in the conditional-count sentences; for random reviews of the shipped
templates, with and without small-count suppression."""

import dataclasses
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from internkontroll.reports.data import ReportData, report_data
from internkontroll.store.db import open_database
from internkontroll.store.locking import lock_review
from internkontroll.store.purge import purge_review
from internkontroll.store.results import full_result, result_document
from internkontroll.store.reviews import create_review, get_review
from internkontroll.store.scoring import add_cases, save_answer, save_attribute
from internkontroll.store.texts import set_setting
from tests.servers import query

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

_serial = itertools.count(1)
EB_ITEMS = ["ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
            "beslut"]
HDS = ["helt", "delvis", "saknas"]
SIP = ["upprattad", "accepterad_ej_upprattad", "tackat_nej", "ej_erbjuden"]


@st.composite
def reviews(draw: st.DrawFn) -> tuple[str, list[dict[str, str]], str]:
    template = draw(st.sampled_from(["ekonomiskt-bistand", "sip"]))
    cases = []
    for _ in range(draw(st.integers(1, 14))):
        if template == "sip":
            case = {"verksamhetsomrade": draw(st.sampled_from(["", "ifo", "stod_och_service"])),
                    "personkategori": draw(st.sampled_from(
                        ["", "flicka", "pojke", "kvinna", "man", "annan"])),
                    "sip_status": draw(st.sampled_from(SIP))}
        else:
            case = {"kon": draw(st.sampled_from(["", "kvinna", "man", "annat"])),
                    "barn_i_hushallet": draw(st.sampled_from(["ja", "nej"]))}
            case |= {item: draw(st.sampled_from(HDS)) for item in EB_ITEMS}
            if case["barn_i_hushallet"] == "ja":
                case["barnperspektiv"] = draw(st.sampled_from(HDS))
        cases.append(case)
    return template, cases, draw(st.sampled_from(["", "3", "5"]))


def what_documents_say(data: ReportData) -> dict[str, object]:
    return {f.name: getattr(data, f.name) for f in dataclasses.fields(data)
            if f.name != "status"}  # gallring changes the status, and only that


def everything(db: object, review_id: int) -> dict[str, object]:
    with db.session() as session:  # type: ignore[attr-defined]
        _, template = get_review(session, review_id)
        found: dict[str, object] = {"document": what_documents_say(report_data(session,
                                                                               review_id)),
                                    "results": result_document(full_result(session, review_id))}
        for attribute in template.breakdowns:
            found[attribute] = result_document(full_result(session, review_id, attribute))
    return found


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=reviews())
def test_gallring_keeps_every_number_the_documents_show(
        scenario: tuple[str, list[dict[str, str]], str], db_path: Path) -> None:
    template_key, cases, small_counts = scenario
    db = open_database(db_path, write=True)
    try:
        with db.session() as session:
            set_setting(session, "small_counts", small_counts)
            review = create_review(session, template_key, f"P{next(_serial)}", "2023-01-01")
            review_id = review.id or 0
            add_cases(session, review_id, len(cases))
            for number, case in enumerate(cases, start=1):
                for key, value in case.items():
                    attribute = key in ("kon", "barn_i_hushallet", "verksamhetsomrade",
                                        "personkategori")
                    if attribute and value:
                        save_attribute(session, review_id, number, key, value)
                for key, value in case.items():
                    if key in EB_ITEMS or key in ("barnperspektiv", "sip_status"):
                        save_answer(session, review_id, number, key, value)
            lock_review(session, review, "Anna Berg", "", b"%PDF-1.4 test")
        before = everything(db, review_id)
        with db.session() as session:
            purge_review(session, review_id)
        assert query(db_path, "SELECT count(*) FROM review_case WHERE review_id = ?",
                     (review_id,)) == [(0,)]
        after = everything(db, review_id)
    finally:
        db.close()
    assert after == before


def test_a_sections_small_counts_follow_the_templates_order_before_and_after_gallring(
        db_path: Path) -> None:
    """Pojke before kvinna, as the template lists them, whatever order the database's GROUP BY
    gives (SQLite's is alphabetical, a server's need not be) or gallring stores them in."""
    db = open_database(db_path, write=True)
    try:
        with db.session() as session:
            review = create_review(session, "sip", "Apr -24", "2024-04-18")
            review_id = review.id or 0
            people = ["kvinna", "pojke", "man", "flicka", "man", "kvinna"]
            add_cases(session, review_id, len(people))
            for number, person in enumerate(people, start=1):
                save_attribute(session, review_id, number, "verksamhetsomrade", "ifo")
                save_attribute(session, review_id, number, "personkategori", person)
                save_answer(session, review_id, number, "sip_status", "ej_erbjuden")
            lock_review(session, review, "Anna Berg", "", b"%PDF-1.4 test")

        def small() -> list[str]:
            with db.session() as session:
                return [s for s in report_data(session, review_id).small_per_group
                        if "erbjud" in s]

        before = small()
        with db.session() as session:
            purge_review(session, review_id)
        after = small()
    finally:
        db.close()
    order = [s.rsplit(": ", 1)[1].split(" (")[0] for s in before]
    assert order == ["flicka", "pojke", "kvinna", "man"]
    assert after == before
