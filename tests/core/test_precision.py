"""Sample-size advice: the size a margin needs and the margin a size gives (SPEC § 8)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from internkontroll.core.errors import InvalidInput
from internkontroll.core.precision import (
    margin_of_error,
    precision_sentence,
    sample_size,
    shown_margin,
    size_sentence,
    z_value,
)

NBSP = "\u00a0"


def test_worked_value() -> None:
    assert sample_size(412, 80, 10) == 54
    assert sample_size(412, 80, 10, confidence=95) == 54
    assert margin_of_error(54, 412, 80) <= 10 < margin_of_error(53, 412, 80)


def test_the_dialogs_sentence() -> None:
    assert precision_sentence(20, 523, 80) == (
        f"20{NBSP}ärenden ur 523 ger en felmarginal på ungefär ±18{NBSP}procentenheter för en "
        f"andel kring 80{NBSP}%.")
    assert "ur" not in precision_sentence(20, None, 80)  # the frame is not known yet
    assert precision_sentence(523, 523, 80) == (
        f"Samtliga 523{NBSP}ärenden granskas (totalundersökning): resultatet har ingen "
        "osäkerhet från urvalet.")


def test_the_command_lines_sentence() -> None:
    assert size_sentence(412, 80, 10) == (
        f"54{NBSP}ärenden ur 412 räcker för en felmarginal på högst ±10{NBSP}procentenheter "
        f"för en andel kring 80{NBSP}%, med 95{NBSP}% säkerhet.")
    assert size_sentence(1430, 50, 2.5, 99).startswith(f"930{NBSP}ärenden ur 1{NBSP}430 ")
    assert "±2,5" in size_sentence(1430, 50, 2.5, 99)
    assert size_sentence(12, 50, 1).startswith(f"Samtliga 12{NBSP}ärenden behöver granskas")


def test_z_matches_scipy() -> None:
    for confidence in (80, 90, 95, 99, 99.9):
        assert z_value(confidence) == pytest.approx(
            scipy_stats.norm.ppf(0.5 + confidence / 200), rel=1e-12)
    assert z_value(95) == pytest.approx(1.959964, abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 200_000), st.integers(1, 99), st.integers(1, 50),
       st.sampled_from([90, 95, 99]))
def test_the_size_is_the_smallest_that_gives_the_margin(population: int, expected: int,
                                                        margin: int, confidence: int) -> None:
    size = sample_size(population, expected, margin, confidence)
    assert 1 <= size <= population
    assert margin_of_error(size, population, expected, confidence) <= margin + 1e-9
    if size > 1:
        assert margin_of_error(size - 1, population, expected, confidence) > margin - 1e-9
    # The shown (rounded-up) margin of that size needs no more than that size.
    shown = shown_margin(margin_of_error(size, population, expected, confidence))
    assert shown <= margin
    if shown:
        assert sample_size(population, expected, shown, confidence) <= size


def test_without_a_frame_there_is_no_correction() -> None:
    p, z = 0.8, z_value(95)
    assert sample_size(None, 80, 10) == math.ceil(z * z * p * (1 - p) / 0.01)
    assert margin_of_error(20, None, 80) == pytest.approx(100 * z * math.sqrt(p * (1 - p) / 20))
    assert margin_of_error(20, 20, 80) == 0.0 and shown_margin(0.0) == 0


@pytest.mark.parametrize(("population", "expected", "margin", "confidence", "option"), [
    (0, 80, 10, 95, "--population"), (412, 0, 10, 95, "--expected"),
    (412, 100, 10, 95, "--expected"), (412, 80, 0, 95, "--margin"),
    (412, 80, 100, 95, "--margin"), (412, 80, 10, 100, "--confidence"),
    (412, 80, 10, 40, "--confidence"), (412, float("nan"), 10, 95, "--expected"),
])
def test_values_without_an_answer_are_refused(population: int, expected: float, margin: float,
                                              confidence: float, option: str) -> None:
    with pytest.raises(InvalidInput, match=option):
        sample_size(population, expected, margin, confidence)
