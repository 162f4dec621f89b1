from fractions import Fraction

import pytest

from internkontroll.core.formatting import (
    NBSP,
    counts_text,
    format_percent,
    percent_half_up,
    round_half_away,
    share_text,
)


@pytest.mark.parametrize(("count", "of", "expected"), [
    (1, 8, 13),     # 12.5 → 13, where Python's round gives 12
    (3, 8, 38),     # 37.5 → 38
    (113, 129, 88),
    (10, 129, 8),   # 7.75 → 8
    (6, 129, 5),
    (0, 5, 0),
    (5, 5, 100),
    (1, 200, 1),    # 0.5 → 1
    (1, 201, 0),
])
def test_percent_rounds_half_up(count: int, of: int, expected: int) -> None:
    assert percent_half_up(count, of) == expected


def test_percent_without_denominator_is_none() -> None:
    assert percent_half_up(0, 0) is None
    assert format_percent(None) == "–"


def test_swedish_percent_typography() -> None:
    assert format_percent(88) == f"88{NBSP}%"
    assert format_percent(12.3, 1) == f"12,3{NBSP}%"
    assert format_percent(4.5, 1) == f"4,5{NBSP}%"


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(5, 2), 3), (Fraction(-5, 2), -3), (Fraction(7, 3), 2), (Fraction(-7, 3), -2),
    (0, 0), (Fraction(1, 2), 1), (Fraction(-1, 2), -1),
])
def test_change_rounds_half_away_from_zero(value: Fraction, expected: int) -> None:
    assert round_half_away(value) == expected


def test_counts_text_leaves_out_zero() -> None:
    text = counts_text([("Helt", 15), ("Delvis", 3), ("Saknas", 2)], 20)
    assert text == "15/20 helt 3/20 delvis 2/20 saknas"
    assert counts_text([("Helt", 20), ("Delvis", 0), ("Saknas", 0)], 20) == "20/20 helt"
    assert share_text(17, 20) == f"17 av 20 (85{NBSP}%)"
