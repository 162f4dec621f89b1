"""Swedish prose for the redovisning: numbers in words, lists joined with 'och'."""

from __future__ import annotations

_WORDS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
          "tolv")


def number_text(n: int) -> str:
    """Numbers up to twelve in words (Swedish style), larger ones in digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def join_and(parts: list[str]) -> str:
    """'a, b och c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} och {parts[-1]}"
