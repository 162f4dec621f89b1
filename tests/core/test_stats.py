import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from internkontroll.core.stats import CHANCE, SIGNIFICANT, fisher_exact, verdict, wilson_interval


@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60), st.integers(0, 60))
def test_fisher_matches_scipy(a: int, b: int, c: int, d: int) -> None:
    expected = scipy_stats.fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue
    assert math.isclose(fisher_exact(a, b, c, d), expected, rel_tol=1e-6, abs_tol=1e-12)


@given(st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_scipy(case: tuple[int, int]) -> None:
    count, n = case
    ci = scipy_stats.binomtest(count, n).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson_interval(count, n)
    assert low == pytest.approx(round(ci.low * 100, 1), abs=0.11)
    assert high == pytest.approx(round(ci.high * 100, 1), abs=0.11)


def test_wilson_with_census_has_no_width() -> None:
    assert wilson_interval(15, 20, population=20) == (75.0, 75.0)
    wide, narrow = wilson_interval(15, 20), wilson_interval(15, 20, population=40)
    assert wide is not None and narrow is not None
    assert narrow[1] - narrow[0] < wide[1] - wide[0]
    assert wilson_interval(0, 0) is None


def test_verdict_threshold() -> None:
    assert verdict(0.049) == SIGNIFICANT
    assert verdict(0.05) == CHANCE
