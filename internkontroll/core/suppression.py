"""Small-count suppression for person-attribute breakdowns (SPEC § 7).

A count of 1 to N−1 is shown as "<N". When a total is published, one hidden count could be
worked out from the total and the others, so one more count is hidden as well ("x"), the
smallest other non-zero one: complementary suppression.
"""

from __future__ import annotations

COMPLEMENT = "x"


def parse_threshold(setting: str | None) -> int | None:
    """The ``small_counts`` setting: None when off, else N (counts 1..N−1 are hidden)."""
    if setting is None or not setting.strip().isdigit():
        return None
    value = int(setting)
    return value if 1 <= value <= 10 else None


def hidden_cells(values: list[int], threshold: int, already_hidden: int = 0) -> dict[int, str]:
    """Which of ``values`` (counts summing to a published total) to hide, with their marks.

    ``already_hidden`` counts values of the same total hidden elsewhere (for example in hidden
    rows); with two or more hidden, none of them can be worked out alone.
    """
    marks = {i: f"<{threshold}" for i, v in enumerate(values) if 0 < v < threshold}
    if len(marks) + already_hidden == 1:
        others = [(v, i) for i, v in enumerate(values) if v > 0 and i not in marks]
        if others:
            marks[min(others)[1]] = COMPLEMENT
    return marks


def note(threshold: int) -> str:
    return (f"<{threshold} = färre än {threshold}; {COMPLEMENT} = dolt så att ett litet antal "
            "inte kan räknas fram ur summan. Små antal visas inte för att skydda enskilda.")
