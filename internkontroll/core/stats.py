"""Statistics for the redovisning: Wilson intervals and Fisher's exact test, in pure Python."""

from __future__ import annotations

import math

Z_95 = 1.959964


def wilson_interval(count: int, of: int, population: int | None = None,
                    z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for ``count / of``, in percent with one decimal.

    With ``population`` (the frame size) the finite-population correction shrinks z by
    sqrt((N - n) / (N - 1)); a census then has an interval of width zero.
    """
    if of <= 0:
        return None
    if population is not None and population > 1 and of <= population:
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
    observed one. Exact integer arithmetic, so ties are recognised exactly.
    """
    row1, row2, col1 = a + b, c + d, a + c
    total = row1 + row2
    if total == 0:
        return 1.0

    def weight(x: int) -> int:
        return math.comb(row1, x) * math.comb(row2, col1 - x)

    observed = weight(a)
    low, high = max(0, col1 - row2), min(row1, col1)
    tail = sum(w for x in range(low, high + 1) if (w := weight(x)) <= observed)
    return min(1.0, tail / math.comb(total, col1))


SIGNIFICANT = "statistiskt säkerställd förändring"
CHANCE = "kan bero på slumpen"


def verdict(p_value: float) -> str:
    return SIGNIFICANT if p_value < 0.05 else CHANCE
