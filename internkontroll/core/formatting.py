"""Swedish number formatting and the rounding rules of the redovisning."""

from __future__ import annotations

from fractions import Fraction

from internkontroll.core.prose import lowered

NBSP = "\u00a0"
DASH = "\u2013"


def percent_half_up(count: int, of: int) -> int | None:
    """Whole percent of ``count / of`` with 0.5 rounded up; ``None`` without a denominator."""
    if of <= 0:
        return None
    # floor(100 * count / of + 1/2), in integers so that 12.5 becomes 13 exactly.
    return (200 * count + of) // (2 * of)


def round_half_away(value: Fraction | float) -> int:
    """Round to a whole number with halves away from zero (used for procentenheter)."""
    exact = Fraction(value)
    magnitude = (abs(exact) * 2 + 1) // 2
    return int(magnitude) if exact >= 0 else -int(magnitude)


def format_percent(value: int | float | None, decimals: int = 0) -> str:
    """'88 %' with a no-break space and decimal comma; '–' when there is no value."""
    if value is None:
        return DASH
    text = f"{value:.{decimals}f}".replace(".", ",")
    if text.startswith("-"):
        text = "\u2212" + text[1:]
    return f"{text}{NBSP}%"


def count_text(count: int, singular: str, plural: str) -> str:
    """'1 ärende', '3 ärenden', '0 ärenden'; the noun in singular only for exactly one."""
    return f"{count} {singular if count == 1 else plural}"


def counts_text(counts: list[tuple[str, int]], of: int) -> str:
    """'15/20 helt 3/20 delvis 2/20 saknas'; options with zero are left out."""
    parts = [f"{count}/{of} {lowered(label)}" for label, count in counts if count]
    return " ".join(parts) if parts else DASH


def share_text(count: int, of: int) -> str:
    """'17 av 20 (85 %)'."""
    return f"{count} av {of} ({format_percent(percent_half_up(count, of))})"
