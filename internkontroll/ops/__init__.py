"""The application's operations: one function per user action, used by cli*.py and ui/ alike.

Each operation takes the open ``Database`` (or the paths it needs), opens its own session,
and returns ``Done(value, changes)``: plain data for the caller and a record of what it
touched, so that the screens showing those things refresh themselves (Anki's ``OpChanges``).
No Qt here; the GUI runs operations through ``ui/tasks.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What an operation changed, by id. Empty means it only read."""

    reviews: frozenset[int] = frozenset()  # a review's status, cases, answers or attributes
    cases: frozenset[int] = frozenset()  # case ids whose answers, notes or attributes changed
    texts: frozenset[int] = frozenset()  # reviews whose texts changed
    review_list: bool = False  # a review was created, deleted or renamed
    templates: bool = False
    settings: bool = False
    database: bool = False  # a different or restored database: everything is new

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.reviews | other.reviews, self.cases | other.cases,
                       self.texts | other.texts, self.review_list or other.review_list,
                       self.templates or other.templates, self.settings or other.settings,
                       self.database or other.database)

    def __bool__(self) -> bool:
        return bool(self.reviews or self.cases or self.texts or self.review_list
                    or self.templates or self.settings or self.database)

    def touches(self, review_id: int) -> bool:
        """Whether a screen showing this review has anything to refresh."""
        return self.database or review_id in self.reviews or review_id in self.texts


NOTHING = Changes()


@dataclass(frozen=True)
class Done(Generic[T]):
    """An operation's answer: its plain value and what it changed."""

    value: T
    changes: Changes = field(default=NOTHING)
