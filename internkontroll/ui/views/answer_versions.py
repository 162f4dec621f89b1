"""The version of each answer the scoring view works from, which each of its writes names.

The view's writes wait in line on the one worker thread, so a write queued before the one
ahead of it has finished must name the version that write leaves, not the one on screen when
it was queued. The loads and writes record the versions as they run, in that same line, so
each write names the answer as the user last saw it: their own last write, or what was read.
Only the worker thread (or the GUI thread, with the immediate executor of the tests) uses it.
"""

from __future__ import annotations

from collections.abc import Iterable

from internkontroll.store.reviews import CaseInfo


class AnswerVersions:
    def __init__(self) -> None:
        self._cases: dict[int, dict[str, int]] = {}  # löpnummer → item key → version

    def loaded(self, cases: Iterable[CaseInfo]) -> None:
        """Every case as just read."""
        self._cases = {case.number: dict(case.versions) for case in cases}

    def written(self, case: CaseInfo) -> None:
        """A case as a write left it (the rules may have rewritten other answers)."""
        self._cases[case.number] = dict(case.versions)

    def of(self, number: int, key: str) -> int:
        """The version a write of this answer names; 0 when it had none."""
        return self._cases.get(number, {}).get(key, 0)
