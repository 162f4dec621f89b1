"""Statistics for the redovisning: Wilson intervals, Fisher's exact test and the
Cochran–Armitage test for trend, in pure Python (scipy checks them in the tests only)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

Z_95 = 1.959964

# Two hypergeometric terms whose ratio is within this factor are one tie: floating point cannot
# tell them apart after a long recurrence, and R's fisher.test uses the same 1 + 1e-7.
TIE = 1 + 1e-7
# Up to this many cases in the 2×2 table the terms are exact integers: cheap (tens of µs), and
# exactly right. Beyond it math.comb grows with the digits of huge integers (128 ms at 2 860).
EXACT_UP_TO = 100
# A term this much smaller than the sum so far changes no digit of a double.
_NEGLIGIBLE = 1e-18


def wilson_interval(count: int, of: int, population: int | None = None,
                    z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for ``count / of``, in percent with one decimal.

    With ``population`` (the frame size) the finite-population correction shrinks z by
    sqrt((N - n) / (N - 1)). A census (``of`` at least the frame) has no sampling uncertainty
    and so no interval: ``None``, as without a denominator.
    """
    if of <= 0:
        return None
    if population is not None and of >= population:
        return None
    if population is not None and population > 1:
        z *= math.sqrt((population - of) / (population - 1))
    p = count / of
    z2 = z * z
    centre = (p + z2 / (2 * of)) / (1 + z2 / of)
    half = z / (1 + z2 / of) * math.sqrt(p * (1 - p) / of + z2 / (4 * of * of))
    low, high = max(0.0, centre - half), min(1.0, centre + half)
    return round(low * 100, 1), round(high * 100, 1)


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided Fisher exact test of the 2×2 table [[a, b], [c, d]].

    Sums the probabilities of every table with the same margins that is no more likely than the
    observed one (within the tie factor ``TIE``). Small tables use exact integers; larger ones
    walk the hypergeometric terms outward from the mode by their ratio, in floating point, and
    stop where the rest can no longer change the sum.
    """
    row1, row2, col1 = a + b, c + d, a + c
    total = row1 + row2
    low, high = max(0, col1 - row2), min(row1, col1)
    if total == 0 or low == high:
        return 1.0
    if total <= EXACT_UP_TO:
        return _fisher_exact_integers(a, row1, row2, col1, low, high)
    return _fisher_walk(a, row1, row2, col1, low, high)


def _fisher_exact_integers(a: int, row1: int, row2: int, col1: int, low: int, high: int
                           ) -> float:
    def weight(x: int) -> int:
        return math.comb(row1, x) * math.comb(row2, col1 - x)

    # w <= observed * TIE, in integers: 10**7 * w <= (10**7 + 1) * observed
    bound = (10**7 + 1) * weight(a)
    tail = sum(w for x in range(low, high + 1) if 10**7 * (w := weight(x)) <= bound)
    return min(1.0, float(Fraction(tail, math.comb(row1 + row2, col1))))


def _fisher_walk(a: int, row1: int, row2: int, col1: int, low: int, high: int) -> float:
    """The terms relative to the mode's, by P(x+1)/P(x) = (r1-x)(c1-x) / ((x+1)(r2-c1+x+1))."""
    mode = (row1 + 1) * (col1 + 1) // (row1 + row2 + 2)
    mode = min(max(mode, low), high)
    shift = row2 - col1

    def up(x: int) -> float:  # P(x + 1) / P(x)
        return (row1 - x) * (col1 - x) / ((x + 1) * (shift + x + 1))

    # The observed side first, so that the observed term is known before any is compared.
    step = 1 if a >= mode else -1
    passed: list[float] = []  # the terms from the mode up to (not including) the observed
    term, x = 1.0, mode
    while x != a:
        passed.append(term)
        term *= up(x) if step == 1 else 1 / up(x - 1)
        x += step
        if term == 0.0:  # the observed table is beyond what a double can hold: p < 1e-300
            return 0.0
    observed = term * TIE
    total = sum(passed)
    tail = sum(t for t in passed if t <= observed)
    total_side, tail_side = _walk(term, a, step, low, high, up, observed)
    total += total_side
    tail += tail_side
    # The other side, from the term next to the mode.
    if (mode > low and step == 1) or (mode < high and step == -1):
        first = 1 / up(mode - 1) if step == 1 else up(mode)
        other_total, other_tail = _walk(first, mode - step, -step, low, high, up, observed)
        total += other_total
        tail += other_tail
    return min(1.0, tail / total)


def _walk(term: float, x: int, step: int, low: int, high: int,
          ratio: Callable[[int], float], observed: float) -> tuple[float, float]:
    """(sum of the terms, sum of those no larger than ``observed``) from ``x`` outward, where
    ``term`` is the term at ``x`` and ``ratio(x)`` is P(x + 1) / P(x)."""
    total = tail = 0.0
    while True:
        total += term
        if term <= observed:
            tail += term
            # Unimodal: every further term is smaller still, and the ratio keeps falling.
            if term < _NEGLIGIBLE * tail:
                break
        x += step
        if x < low or x > high:
            break
        term *= ratio(x - 1) if step == 1 else 1 / ratio(x)
        if term == 0.0:
            break
    return total, tail


@dataclass(frozen=True)
class Trend:
    """The Cochran–Armitage test for trend over ``periods`` periods.

    ``z`` > 0: the share grows from period to period; ``p_value`` is two-sided.
    """

    periods: int
    z: float
    p_value: float


def cochran_armitage(shares: Sequence[tuple[int, int]],
                     scores: Sequence[int] | None = None) -> Trend | None:
    """Two-sided Cochran–Armitage test for a linear trend in ``count / of`` over periods.

    ``shares`` are (count, of) in period order; ``scores`` default to 0, 1, 2 … (equally spaced
    periods). Periods without a denominator take no part. ``None`` with fewer than three
    periods; p = 1 when there is nothing to test (every case the same, or one score).

    Z² = N (N·Σxt − X·Σnt)² / (X (N − X) (N·Σnt² − (Σnt)²)), the classical form without the
    N/(N − 1) of the linear-by-linear association test; the sums are exact integers.
    """
    used = [(count, of, score) for (count, of), score in
            zip(shares, range(len(shares)) if scores is None else scores, strict=True) if of > 0]
    if len(used) < 3:
        return None
    n = sum(of for _, of, _ in used)
    x = sum(count for count, _, _ in used)
    s1 = sum(of * t for _, of, t in used)
    s2 = sum(of * t * t for _, of, t in used)
    sx = sum(count * t for count, _, t in used)
    spread = x * (n - x) * (n * s2 - s1 * s1)
    if spread == 0:
        return Trend(len(used), 0.0, 1.0)
    numerator = n * sx - x * s1
    z_squared = Fraction(n * numerator * numerator, spread)
    z = math.copysign(math.sqrt(z_squared), numerator)
    return Trend(len(used), z, math.erfc(abs(z) / math.sqrt(2)))


SIGNIFICANT = "statistiskt säkerställd förändring"
CHANCE = "kan bero på slumpen"


def verdict(p_value: float) -> str:
    return SIGNIFICANT if p_value < 0.05 else CHANCE
