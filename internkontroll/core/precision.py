"""Planning a sample: how many cases a margin of error needs, and what margin a size gives.

The normal approximation with the finite-population correction:
    n0 = z² p (1 − p) / e²,   n = n0 / (1 + (n0 − 1) / N),   rounded up;
    e(n) = z √(p (1 − p) / n · (N − n) / (N − 1)).
The two agree: e(n) is at most the margin asked for. A margin is shown rounded up to whole
procentenheter, so that the size a shown margin needs is never more than the size that gave it.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from internkontroll.core.errors import InvalidInput
from internkontroll.core.formatting import NBSP, count_text

DEFAULT_CONFIDENCE = 95.0
MAX_POPULATION = 100_000_000
_SLACK = 1e-9  # 53.000000001 cases is 53: floating point must not cost a case or a point


def z_value(confidence: float) -> float:
    """The two-sided normal quantile for a confidence in percent: 95 → 1.959964."""
    return NormalDist().inv_cdf(0.5 + confidence / 200)


def check(population: int | None, expected: float, confidence: float,
          margin: float | None = None) -> None:
    """Refuse values that give no answer, with one Swedish line naming the option."""
    if population is not None and not 1 <= population <= MAX_POPULATION:
        raise InvalidInput(f"--population ska vara antalet ärenden i urvalsramen, ett heltal "
                           f"från 1 till {number(MAX_POPULATION)}.")
    if not 0 < expected < 100:
        raise InvalidInput("--expected ska vara den andel i procent du väntar dig, större än 0 "
                           "och mindre än 100, t.ex. 80. Välj 50 om du inte vet: det ger "
                           "det största urvalet.")
    if margin is not None and not 0 < margin < 100:
        raise InvalidInput("--margin ska vara felmarginalen i procentenheter, större än 0 och "
                           "mindre än 100, t.ex. 10.")
    if not 50 <= confidence < 100:
        raise InvalidInput("--confidence ska vara säkerheten i procent, från 50 och under 100, "
                           "t.ex. 95.")


def sample_size(population: int | None, expected: float, margin: float,
                confidence: float = DEFAULT_CONFIDENCE) -> int:
    """The number of cases needed for ``margin`` procentenheter around an expected share of
    ``expected`` percent, out of a frame of ``population`` cases (``None``: a frame too large
    to matter). N=412, 80 %, ±10 → 54."""
    check(population, expected, confidence, margin)
    p, e, z = expected / 100, margin / 100, z_value(confidence)
    n = z * z * p * (1 - p) / (e * e)
    if population is not None:
        n /= 1 + (n - 1) / population
    needed = max(1, math.ceil(n - _SLACK))
    return needed if population is None else min(population, needed)


def margin_of_error(size: int, population: int | None, expected: float,
                    confidence: float = DEFAULT_CONFIDENCE) -> float:
    """The margin in procentenheter that ``size`` cases give; 0 for a census. Without a
    frame (``None``) there is no finite-population correction."""
    check(population, expected, confidence)
    if size < 1:
        raise InvalidInput("Urvalets storlek måste vara minst 1.")
    if population is not None and size >= population:
        return 0.0
    p, z = expected / 100, z_value(confidence)
    correction = 1.0 if population is None else (population - size) / (population - 1)
    return 100 * z * math.sqrt(p * (1 - p) / size * correction)


def shown_margin(margin: float) -> int:
    """Whole procentenheter, rounded up (never understated); 0 only for a census."""
    return 0 if margin <= 0 else max(1, math.ceil(margin - _SLACK))


def number(value: float) -> str:
    """'412', '1 430' (no-break space), '80,5'."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", NBSP)
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def _cases(count: int) -> str:
    return count_text(count, "ärende", "ärenden").replace(" ", NBSP, 1)


def precision_sentence(size: int, population: int | None, expected: float,
                       confidence: float = DEFAULT_CONFIDENCE) -> str:
    """'20 ärenden ur 523 ger en felmarginal på ungefär ±18 procentenheter för en andel kring
    80 %.' A census says it has no sampling uncertainty."""
    if population is not None and size >= population:
        return (f"Samtliga {_cases(population)} granskas (totalundersökning): resultatet har "
                "ingen osäkerhet från urvalet.")
    shown = shown_margin(margin_of_error(size, population, expected, confidence))
    frame = f" ur {number(population)}" if population is not None else ""
    return (f"{_cases(size)}{frame} ger en felmarginal på ungefär ±{shown}{NBSP}procentenheter "
            f"för en andel kring {number(expected)}{NBSP}%.")


def size_sentence(population: int, expected: float, margin: float,
                  confidence: float = DEFAULT_CONFIDENCE) -> str:
    """The command line's sentence for ``sample_size``."""
    size = sample_size(population, expected, margin, confidence)
    wanted = (f"en felmarginal på högst ±{number(margin)}{NBSP}procentenheter för en andel "
              f"kring {number(expected)}{NBSP}%, med {number(confidence)}{NBSP}% säkerhet")
    if size >= population:
        return (f"Samtliga {_cases(population)} behöver granskas (totalundersökning) för "
                f"{wanted}; då har resultatet ingen osäkerhet från urvalet.")
    return f"{_cases(size)} ur {number(population)} räcker för {wanted}."
