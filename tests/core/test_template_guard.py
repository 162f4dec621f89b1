"""Every field of a template passes the personnummer guard on its own (SPEC § 7.1), and the
handläggare is never a breakdown."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internkontroll.core.errors import InvalidInput
from internkontroll.core.templates import shipped_templates, template_from_dict
from tests.core.pnr_forms import Pnr, pnrs, written, wrong_check

TEMPLATES = shipped_templates()


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a template's data that holds a text, a key or a number."""
    found = []
    if isinstance(value, dict):
        for name, inner in value.items():
            found += _paths(inner, (*path, name))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*path, index))
    elif not isinstance(value, bool):
        found.append(path)
    return found


PATHS = [(n, path) for n, data in enumerate(TEMPLATES) for path in _paths(data)]


def _planted(data: dict[str, Any], path: tuple[Any, ...], text: str) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target = changed
    for step in path[:-1]:
        target = target[step]
    old = target[path[-1]]
    target[path[-1]] = f"{old} {text}" if isinstance(old, str) else text
    return changed


def test_every_kind_of_field_is_covered() -> None:
    names = {str(step) for _, path in PATHS for step in path if isinstance(step, str)}
    for field in ("title", "label", "definition", "plural", "applicable_note", "text",
                  "guidance", "words", "cases", "key", "plan", "in", "options", "headline"):
        assert field in names, field


@pytest.mark.slow  # seconds: CI runs it, uv run pytest leaves it out
@settings(max_examples=400, deadline=None)
@given(data=st.data(), place=st.sampled_from(PATHS), pnr=pnrs())
def test_a_personnummer_in_any_field_is_refused(data: st.DataObject,
                                                place: tuple[int, tuple[Any, ...]],
                                                pnr: Pnr) -> None:
    number, path = place
    text = data.draw(st.sampled_from([data.draw(written(pnr)), wrong_check(pnr)[:6] + "-"
                                      + wrong_check(pnr)[6:]]))
    with pytest.raises(InvalidInput) as error:
        template_from_dict(_planted(TEMPLATES[number], path, text))
    message = str(error.value)
    assert "personnummer" in message, message
    assert pnr.ten[:6] not in message and pnr.ten[6:] not in message


def test_a_personnummer_as_a_field_name_is_refused() -> None:
    raw = copy.deepcopy(TEMPLATES[0])
    raw["plan"]["811218-9876"] = "text"
    with pytest.raises(InvalidInput, match="fältrubrik") as error:
        template_from_dict(raw)
    assert "9876" not in str(error.value)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), pnr=pnrs())
def test_a_title_refusal_never_prints_the_key_made_from_it(data: st.DataObject,
                                                           pnr: Pnr) -> None:
    """store/templates makes the key from the title; the refusal must not quote that key."""
    from internkontroll.core.templates import make_key

    raw = copy.deepcopy(TEMPLATES[0])
    raw["title"] = "Kontroll " + data.draw(written(pnr))
    raw["key"] = make_key(raw["title"])
    with pytest.raises(InvalidInput) as error:
        template_from_dict(raw)
    assert pnr.ten[:6] not in str(error.value) and pnr.ten[6:] not in str(error.value)


def test_a_number_split_over_two_fields_is_judged_field_by_field() -> None:
    """Joining fields let '... 811218' + '9876 ...' through as one longer number before; each
    field alone is not a number, so the template is accepted, and a whole one in either is
    refused."""
    raw = copy.deepcopy(TEMPLATES[0])
    raw["items"][0]["text"] = "Ansökan 8112189876"
    raw["items"][0]["guidance"] = "1 gång"
    with pytest.raises(InvalidInput, match="items\\[1\\].text"):
        template_from_dict(raw)


@pytest.mark.parametrize("label", ["Handläggare", "Ansvarig handläggare", "Handläggarnamn"])
def test_the_caseworker_is_never_a_breakdown(label: str) -> None:
    raw = copy.deepcopy(next(t for t in TEMPLATES if t["key"] == "ekonomiskt-bistand"))
    attribute = next(a for a in raw["attributes"] if a["key"] == "handlaggare")
    attribute["label"] = label
    attribute["values"] = [{"key": "a", "label": "Anna Berg"}, {"key": "b", "label": "Bo Ek"}]
    raw["breakdowns"] = ["kon", "handlaggare"]
    with pytest.raises(InvalidInput, match="redovisas aldrig för nämnden"):
        template_from_dict(raw)
    attribute["key"] = "team"  # the label alone tells what it holds
    raw["breakdowns"] = ["kon", "team"]
    with pytest.raises(InvalidInput, match="redovisas aldrig för nämnden"):
        template_from_dict(raw)


def test_shipped_templates_still_load() -> None:
    for raw in TEMPLATES:
        template_from_dict(raw)
