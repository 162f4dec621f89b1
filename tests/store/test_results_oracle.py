"""The results engine against a naive recount over the raw answers, for random templates.

The recount below evaluates rules and counts with its own code, sharing nothing with the engine
but the template dict.
"""

import itertools
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from internkontroll.core.rules import Answer
from internkontroll.importers.assessments import CaseRow
from internkontroll.store.assessments import import_rows
from internkontroll.store.db import open_database
from internkontroll.store.models import Review, StoredTemplate
from internkontroll.store.results import full_result

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

EJ = "ej_aktuellt"
_serial = itertools.count(1)


@st.composite
def scenarios(draw):
    scales = {}
    for s in range(draw(st.integers(1, 2))):
        options = [f"o{s}{i}" for i in range(draw(st.integers(2, 4)))]
        if draw(st.booleans()):
            options.append(EJ)
        scales[f"s{s}"] = options
    attributes = {f"a{a}": [f"v{j}" for j in range(draw(st.integers(2, 3)))]
                  for a in range(draw(st.integers(1, 2)))}
    items = []
    for index in range(draw(st.integers(1, 5))):
        scale = draw(st.sampled_from(sorted(scales)))
        rules = []
        for _ in range(draw(st.integers(0, 2))):
            if items and draw(st.booleans()):
                target = draw(st.sampled_from(items))
                values = draw(st.sets(st.sampled_from(scales[target["scale"]]), min_size=1))
                rules.append({"item": target["key"], "in": sorted(values)})
            else:
                attr = draw(st.sampled_from(sorted(attributes)))
                values = draw(st.sets(st.sampled_from(attributes[attr]), min_size=1))
                rules.append({"attribute": attr, "in": sorted(values)})
        items.append({"key": f"i{index}", "text": f"Moment {index}", "scale": scale,
                      "applicable_when": rules})
    cases = []
    for _ in range(draw(st.integers(0, 12))):
        attrs = {a: draw(st.sampled_from([None, *values])) for a, values in attributes.items()}
        wishes = {i["key"]: draw(st.sampled_from([None, *scales[i["scale"]]])) for i in items}
        cases.append((attrs, wishes))
    by = draw(st.sampled_from(sorted(attributes)))
    return scales, attributes, items, cases, by


def template_data(key, scales, attributes, items):
    return {"key": key, "version": 1, "title": f"Mall {key}",
            "scales": {k: {"options": [{"key": o, "label": o.upper()} for o in v],
                           "headline": next(o for o in v if o != EJ)}
                       for k, v in scales.items()},
            "attributes": [{"key": k, "label": k, "values": [{"key": v} for v in vals]}
                           for k, vals in attributes.items()],
            "items": items}


def naive_final(items, attrs, wishes):
    """Walk the items in order and decide each answer by hand."""
    final = {}
    for item in items:
        verdicts = []
        for rule in item["applicable_when"]:
            value = attrs.get(rule["attribute"]) if "attribute" in rule else final.get(rule["item"])
            verdicts.append("unknown" if value is None else value in rule["in"])
        wish = wishes.get(item["key"])
        if False in verdicts:
            final[item["key"]] = EJ
        elif "unknown" in verdicts:
            if wish == EJ:
                final[item["key"]] = EJ
        elif wish is not None:
            final[item["key"]] = wish
    return final


def allowed_wishes(items, attrs, wishes):
    """The answers a user could give: nothing but ej aktuellt where a rule fails or is unknown."""
    final = naive_final(items, attrs, wishes)
    return {k: v for k, v in wishes.items()
            if v is not None and (v == EJ or final.get(k) == v)}


def pct(count, of):
    if of == 0:
        return None
    return int((Decimal(count) * 100 / Decimal(of)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def naive_result(scales, items, cases):
    main = items[0]["scale"]
    out = {"cases": len(cases), "items": {}, "total": dict.fromkeys(
        [o for o in scales[main] if o != EJ], 0)}
    for item in items:
        counted = [o for o in scales[item["scale"]] if o != EJ]
        counts = dict.fromkeys(counted, 0)
        ej = answered = 0
        for finals in cases:
            answer = finals.get(item["key"])
            if answer is None:
                continue
            answered += 1
            if answer == EJ:
                ej += 1
            else:
                counts[answer] += 1
                if item["scale"] == main:
                    out["total"][answer] += 1
        n = sum(counts.values())
        out["items"][item["key"]] = {"counts": counts, "applicable": n, "ej": ej,
                                     "unassessed": len(cases) - answered,
                                     "percent": {o: pct(c, n) for o, c in counts.items()}}
    n_total = sum(out["total"].values())
    out["total_percent"] = {o: pct(c, n_total) for o, c in out["total"].items()}
    return out


def assert_same(engine, expected):
    assert engine.cases == expected["cases"]
    for item in engine.items:
        want = expected["items"][item.key]
        assert item.counts == want["counts"], item.key
        assert item.applicable == want["applicable"], item.key
        assert item.ej_aktuellt == want["ej"], item.key
        assert item.unassessed == want["unassessed"], item.key
        assert item.percent == want["percent"], item.key
    assert engine.total.counts == expected["total"]
    assert engine.total.percent == expected["total_percent"]


@pytest.fixture(scope="module")
def oracle_db(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("oracle") / "o.sqlite", write=True, create=True)
    yield db
    db.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios())
def test_engine_equals_naive_recount(oracle_db, scenario) -> None:
    scales, attributes, items, cases, by = scenario
    key = f"t{next(_serial)}"
    rows = []
    finals = []
    for number, (attrs, wishes) in enumerate(cases, start=1):
        given_answers = allowed_wishes(items, attrs, wishes)
        finals.append(naive_final(items, attrs, given_answers))
        rows.append(CaseRow(number, number, None, {k: v for k, v in attrs.items() if v},
                            {k: Answer(v) for k, v in given_answers.items()}))
    with oracle_db.session() as session:
        review = stored_review(session, key, template_data(key, scales, attributes, items))
        import_rows(session, review.id, rows)
        review_id = review.id
    with oracle_db.session() as session:
        full = full_result(session, review_id, by)
    assert_same(full.result, naive_result(scales, items, finals))
    values = [None, *attributes[by]]
    for group in full.groups:
        members = [f for (attrs, _), f in zip(cases, finals, strict=True)
                   if attrs.get(by) == group.value]
        assert_same(group.result, naive_result(scales, items, members))
    grouped = {g.value for g in full.groups}
    assert grouped == {attrs.get(by) for attrs, _ in cases}
    assert grouped <= set(values)


def stored_review(session: Any, key: str, definition: dict[str, Any]) -> Review:
    """A review of a user template stored straight from its definition."""
    stored = StoredTemplate(key=key, version=1, title=key, source="user", created_at="x",
                            definition=definition)
    session.add(stored)
    session.flush()
    review = Review(template_id=stored.id, template_key=key, label="L", date="2024-01-01",
                    created_at="x", created_by="test")
    session.add(review)
    session.flush()
    return review
