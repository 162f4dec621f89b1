"""core.stats against scipy and statsmodels, which the tests may use and the package may not."""

import ast
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.proportion import proportion_confint

from internkontroll.core import stats
from internkontroll.core.stats import (
    CHANCE,
    SIGNIFICANT,
    cochran_armitage,
    fisher_exact,
    verdict,
    wilson_interval,
)

pytestmark = pytest.mark.slow  # seconds each: CI runs them, uv run pytest leaves them out

PACKAGE = Path(__file__).parents[2] / "internkontroll"


# Wilson ---------------------------------------------------------------------------------------
def test_wilson_matches_statsmodels_for_every_share_up_to_200() -> None:
    counts = np.concatenate([np.arange(n + 1) for n in range(1, 201)])
    ns = np.concatenate([np.full(n + 1, n) for n in range(1, 201)])
    lows, highs = proportion_confint(counts, ns, alpha=0.05, method="wilson")
    assert len(counts) == 20_300
    worst = 0.0
    for count, n, low, high in zip(counts, ns, lows, highs, strict=True):
        ours = wilson_interval(int(count), int(n))
        assert ours is not None
        worst = max(worst, abs(ours[0] - 100 * low), abs(ours[1] - 100 * high))
    # One decimal rounds by at most 0.05; the closed forms agree far below that.
    assert worst <= 0.05 + 1e-9


def test_wilson_worked_value_and_edges() -> None:
    assert wilson_interval(15, 20) == (53.1, 88.8)
    assert wilson_interval(0, 20) == (0.0, 16.1)
    assert wilson_interval(20, 20) == (83.9, 100.0)
    assert wilson_interval(0, 0) is None
    assert wilson_interval(0, 0, population=10) is None


def test_a_census_has_no_interval_and_a_large_part_of_the_frame_a_narrow_one() -> None:
    assert wilson_interval(15, 20, population=20) is None  # every case: no sampling error
    wide, narrow = wilson_interval(15, 20), wilson_interval(15, 20, population=40)
    assert wide is not None and narrow is not None
    assert narrow[1] - narrow[0] < wide[1] - wide[0]
    assert wilson_interval(15, 20, population=100_000) == wide


# Fisher ---------------------------------------------------------------------------------------
def _scipy_fisher(a: int, b: int, c: int, d: int) -> float:
    return float(scipy_stats.fisher_exact([[a, b], [c, d]], alternative="two-sided").pvalue)


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60), st.integers(0, 60))
def test_fisher_matches_scipy_on_small_tables(a: int, b: int, c: int, d: int) -> None:
    assert fisher_exact(a, b, c, d) == pytest.approx(_scipy_fisher(a, b, c, d), abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 1500), st.integers(0, 1500), st.integers(0, 1500), st.integers(0, 1500))
def test_fisher_matches_scipy_on_large_tables(a: int, b: int, c: int, d: int) -> None:
    ours, theirs = fisher_exact(a, b, c, d), _scipy_fisher(a, b, c, d)
    assert ours == pytest.approx(theirs, abs=1e-9)
    if theirs > 1e-290:  # tiny p-values too, relative to their size (full precision)
        assert ours == pytest.approx(theirs, rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 700), st.data())
def test_fisher_on_periods_of_equal_size(n: int, data: st.DataObject) -> None:
    """The shape of the comparison: headline k of n now against j of n before."""
    now, before = data.draw(st.integers(0, n)), data.draw(st.integers(0, n))
    ours, theirs = fisher_exact(now, n - now, before, n - before), \
        _scipy_fisher(now, n - now, before, n - before)
    assert ours == pytest.approx(theirs, abs=1e-9)
    if now == before:
        assert ours == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60), st.integers(0, 60))
def test_the_exact_and_the_floating_point_paths_agree(a: int, b: int, c: int, d: int) -> None:
    row1, row2, col1 = a + b, c + d, a + c
    low, high = max(0, col1 - row2), min(row1, col1)
    if low == high:
        return
    exact = stats._fisher_exact_integers(a, row1, row2, col1, low, high)
    walked = stats._fisher_walk(a, row1, row2, col1, low, high)
    assert walked == pytest.approx(exact, rel=1e-12, abs=1e-15)


def test_fisher_worked_values_and_edges() -> None:
    # Strömsund: "vad ansökan avser" 9/20 → 20/20
    assert fisher_exact(20, 0, 9, 11) == pytest.approx(_scipy_fisher(20, 0, 9, 11), abs=1e-12)
    assert fisher_exact(20, 0, 9, 11) < 0.001
    assert fisher_exact(7, 4, 5, 6) == pytest.approx(_scipy_fisher(7, 4, 5, 6), abs=1e-12)
    assert fisher_exact(0, 0, 0, 0) == 1.0
    assert fisher_exact(0, 0, 3, 4) == 1.0  # one period with no denominator
    assert fisher_exact(5, 0, 7, 0) == 1.0  # every case helt, both times
    assert fisher_exact(1430, 0, 0, 1430) < 1e-300
    # Mirror tables tie exactly; in floating point they are one tie within stats.TIE.
    for table in ((3, 5, 5, 3), (600, 830, 830, 600), (40, 1390, 1390, 40)):
        assert fisher_exact(*table) == pytest.approx(_scipy_fisher(*table), rel=1e-9)


def test_fisher_on_a_period_of_1430_cases() -> None:
    """Where the old exact sum on huge integers was slow (its speed: bench/)."""
    p = fisher_exact(1100, 330, 1050, 380)
    assert p == pytest.approx(_scipy_fisher(1100, 330, 1050, 380), rel=1e-9)


# Cochran–Armitage -----------------------------------------------------------------------------
periods = st.lists(st.integers(1, 200).flatmap(
    lambda n: st.tuples(st.integers(0, n), st.just(n))), min_size=3, max_size=12)


def _reference_by_correlation(shares: list[tuple[int, int]]) -> tuple[float, float]:
    """Z = r √N over the individual cases (score, 0/1), with scipy's Pearson r and normal."""
    scores = np.concatenate([np.full(n, t) for t, (_, n) in enumerate(shares)])
    outcome = np.concatenate([np.r_[np.ones(k), np.zeros(n - k)] for k, n in shares])
    r = scipy_stats.pearsonr(scores, outcome).statistic
    z = r * math.sqrt(len(scores))
    return z, 2 * scipy_stats.norm.sf(abs(z))


def _varies(shares: list[tuple[int, int]]) -> bool:
    total, hits = sum(n for _, n in shares), sum(k for k, _ in shares)
    return 0 < hits < total


@settings(max_examples=300, deadline=None)
@given(periods)
def test_cochran_armitage_matches_a_scipy_reference(shares: list[tuple[int, int]]) -> None:
    found = cochran_armitage(shares)
    assert found is not None and found.periods == len(shares)
    if not _varies(shares):
        assert (found.z, found.p_value) == (0.0, 1.0)
        return
    z, p = _reference_by_correlation(shares)
    assert found.z == pytest.approx(z, rel=1e-9, abs=1e-9)
    assert found.p_value == pytest.approx(p, rel=1e-7, abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(periods)
def test_cochran_armitage_matches_statsmodels_ordinal_association(
        shares: list[tuple[int, int]]) -> None:
    """statsmodels' linear-by-linear test has N − 1 where the classical form has N."""
    if not _varies(shares):
        return
    table = np.array([[k, n - k] for k, n in shares], dtype=float)
    result = Table(table, shift_zeros=False).test_ordinal_association(
        row_scores=np.arange(len(shares)), col_scores=np.array([1.0, 0.0]))
    total = table.sum()
    found = cochran_armitage(shares)
    assert found is not None
    assert found.z == pytest.approx(result.zscore * math.sqrt(total / (total - 1)), rel=1e-9)


def test_cochran_armitage_edges() -> None:
    assert cochran_armitage([(5, 11), (7, 11)]) is None  # two periods: that is a change
    assert cochran_armitage([(5, 11), (0, 0), (7, 11)]) is None  # a period without data
    assert cochran_armitage([(0, 0)] * 5) is None
    flat = cochran_armitage([(20, 20), (20, 20), (20, 20)])
    assert flat is not None and (flat.z, flat.p_value) == (0.0, 1.0)
    rising = cochran_armitage([(9, 20), (14, 20), (20, 20)])
    falling = cochran_armitage([(20, 20), (14, 20), (9, 20)])
    assert rising is not None and falling is not None
    assert rising.z > 0 > falling.z and rising.p_value == pytest.approx(falling.p_value)
    assert rising.p_value < 0.05
    # barnperspektiv, between 5/11 and 7/11 four times: no trend
    swinging = cochran_armitage([(5, 11), (7, 11), (5, 11), (7, 11), (5, 11)])
    assert swinging is not None and swinging.p_value > 0.5


def test_verdict_threshold() -> None:
    assert verdict(0.049) == SIGNIFICANT
    assert verdict(0.05) == CHANCE


def test_the_package_never_imports_the_test_only_statistics() -> None:
    banned = {"scipy", "statsmodels", "numpy", "pandas"}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not {n.split(".")[0] for n in names} & banned, path
