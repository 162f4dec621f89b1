"""Swedish prose for the redovisning: numbers in words, lists joined with 'och'."""

from __future__ import annotations

_WORDS = ("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva",
          "tolv")


def number_text(n: int) -> str:
    """Numbers up to twelve in words (Swedish style), larger ones in digits."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def count_phrase(n: int, singular: str, plural: str) -> str:
    """'tre kvinnor', 'en kvinna'; a phrase plural ('i hemtjänst') keeps its form: 'en i hemtjänst'.

    People-nouns in the templates are all en-words, so one is 'en'.
    """
    if n == 1:
        return f"en {singular if ' ' not in plural else plural}"
    return f"{number_text(n)} {plural}"


def lowered(label: str) -> str:
    """A label inside a sentence: 'Helt' → 'helt', but 'SIP upprättad' keeps its acronym."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def join_and(parts: list[str]) -> str:
    """'a, b och c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} och {parts[-1]}"
