"""The detector against every written, pasted and numeric form of a personnummer (SPEC § 7.1),
and the one guard's messages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.core.personnummer import (
    MASK,
    cell_contains_personnummer,
    cell_looks_like_personnummer,
    contains_personnummer,
    looks_like_personnummer,
    mask_personnummer,
    refuse_personnummer,
)
from tests.core.pnr_forms import (
    DASHES,
    SEPARATORS,
    TODAY,
    Pnr,
    numeric_forms,
    pnrs,
    surrounding,
    written,
    wrong_check,
)

MANY = settings(max_examples=300, deadline=None)


@MANY
@given(data=st.data(), pnr=pnrs(), before=surrounding, after=surrounding)
def test_every_written_form_is_found(data: st.DataObject, pnr: Pnr, before: str,
                                     after: str) -> None:
    text = before + data.draw(written(pnr)) + after
    assert contains_personnummer(text, TODAY), ascii(text)
    assert cell_contains_personnummer(text, TODAY)
    assert shown(text) == "(ett personnummer)"


@pytest.mark.parametrize("separator", SEPARATORS)
def test_each_separator_of_a_known_number(separator: str) -> None:
    for head in ("811218", "19811218"):
        assert contains_personnummer(f"Sökande {head}{separator}9876 ringde", TODAY)


@MANY
@given(pnr=pnrs())
def test_numeric_cells_with_the_leading_zero_dropped_or_as_floats(pnr: Pnr) -> None:
    for form in numeric_forms(pnr):
        assert cell_contains_personnummer(form, TODAY), form
        assert cell_looks_like_personnummer(form, TODAY), form


def test_excel_number_of_a_child_born_2009() -> None:
    assert not contains_personnummer("908215940", TODAY)  # nine digits: not in free text
    assert cell_contains_personnummer("908215940", TODAY)
    assert cell_contains_personnummer("908215940.0", TODAY)
    assert cell_contains_personnummer("9,0821594E+08", TODAY)


@MANY
@given(pnr=pnrs(), separator=st.sampled_from(DASHES), before=surrounding)
def test_a_wrong_check_digit_only_looks_like_one(pnr: Pnr, separator: str, before: str) -> None:
    wrong = wrong_check(pnr)
    text = before + wrong[:6] + separator + wrong[6:] + "."
    assert not contains_personnummer(text, TODAY)
    assert looks_like_personnummer(text, TODAY)
    with pytest.raises(InvalidInput, match="ser ut som ett personnummer") as error:
        refuse_personnummer(text, "Anteckningen", free_text=True, today=TODAY)
    assert not any(c.isdigit() for c in str(error.value))
    refuse_personnummer(text, "Rubriken", today=TODAY)  # only free text is refused for it


@MANY
@given(number=st.integers(0, 10**12 - 1), before=surrounding)
def test_ordinary_numbers_pass_unless_date_and_check_digit_hold(number: int,
                                                                before: str) -> None:
    """The oracle: a 10-digit run is a personnummer only with a real date and a right check
    digit (a 12-digit run: with a real date in its own century)."""
    digits = f"{number:010d}" if number < 10**10 else f"{number:012d}"
    ten = digits[-10:]
    month, day = int(ten[2:4]), int(ten[4:6])
    day -= 60 if day > 60 else 0
    luhn = check_digit_ok(ten)
    if len(digits) == 12:
        real = _real_date(int(digits[:4]), month, day)
    else:
        real = any(_real_date(year, month, day) for year in (1900 + int(ten[:2]),
                                                            2000 + int(ten[:2])))
    found = contains_personnummer(before + digits + " kr", TODAY)
    if not (real and luhn):
        assert not found
    elif len(digits) == 12:
        assert found


def check_digit_ok(ten: str) -> bool:
    from tests.core.test_personnummer import check_digit

    return check_digit(ten[:9]) == ten[9]


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("text", ["Ärendenummer 2022-1234", "Belopp 12 345 kr, 2022-04-01",
                                  "Telefon 070-123 45 67", "EB-2022-00017", "08-123 456 78",
                                  "Dnr SN 2022/1234-56", "kl 10:30-11:45"])
def test_everyday_texts_pass_even_as_free_text(text: str) -> None:
    assert not looks_like_personnummer(text, TODAY)
    refuse_personnummer(text, "Anteckningen", free_text=True, today=TODAY)


@MANY
@given(data=st.data(), pnr=pnrs(), before=surrounding, after=surrounding)
def test_the_guard_refuses_without_repeating_the_number(data: st.DataObject, pnr: Pnr,
                                                         before: str, after: str) -> None:
    text = before + data.draw(written(pnr)) + after
    for free_text in (False, True):
        with pytest.raises(InvalidInput, match="innehåller ett personnummer") as error:
            refuse_personnummer(text, "Fältet", free_text=free_text, today=TODAY)
        message = str(error.value)
        assert not any(c.isdigit() for c in message) and len(message) <= 300


@MANY
@given(data=st.data(), pnr=pnrs(), before=surrounding)
def test_masking_leaves_no_number(data: st.DataObject, pnr: Pnr, before: str) -> None:
    for name in (before + data.draw(written(pnr)) + ".xlsx",
                 f"lista {numeric_forms(pnr)[0]}.csv", wrong_check(pnr)[:6] + "-"
                 + wrong_check(pnr)[6:] + ".csv"):
        masked = mask_personnummer(name, TODAY)
        assert MASK in masked
        assert not cell_looks_like_personnummer(masked, TODAY)
        assert pnr.ten[6:] not in masked


def test_masking_keeps_an_ordinary_name() -> None:
    assert mask_personnummer("Beslut 2022 v2 (1).xlsx", TODAY) == "Beslut 2022 v2 (1).xlsx"
