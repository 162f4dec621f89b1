"""Nytt kontrolltillfälle without a draw: the controls to choose from, and a review made with
cases entered by hand, from a filled-in assessment file, or as counts of an earlier period.
(A review made with a draw is ``ops.sampling.draw_sample``.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from internkontroll.ops import Changes, Done

if TYPE_CHECKING:
    from internkontroll.core.templates import Template
    from internkontroll.ops.sampling import NewReview
    from internkontroll.store.db import Database


def controls(db: Database) -> Done[list[Template]]:
    """The newest version of every control, sorted by title."""
    from internkontroll.store.templates import latest_templates

    with db.session() as session:
        return Done([template for _, template in latest_templates(session)])


def create_review(db: Database, spec: NewReview, cases: int = 0,
                  import_file: Path | None = None,
                  counts: dict[str, dict[str, int]] | None = None) -> Done[int]:
    """A new review with ``cases`` empty cases, the rows of ``import_file``, or ``counts``
    (item → option → count: an earlier period with counts only); returns its id."""
    from internkontroll.importers.assessments import read_assessment_file
    from internkontroll.store.assessments import import_rows
    from internkontroll.store.reviews import create_review as created
    from internkontroll.store.reviews import store_counts
    from internkontroll.store.scoring import add_cases
    from internkontroll.store.templates import latest_template

    with db.session() as session:
        _, template = latest_template(session, spec.template_key)
        rows = read_assessment_file(import_file, template) if import_file else None
        review = created(session, spec.template_key, spec.label, spec.when, spec.period,
                         counts_only=counts is not None)
        review_id = review.id or 0
        if counts is not None:
            store_counts(session, review, template, counts)
        elif rows is not None and import_file is not None:
            import_rows(session, review_id, rows, import_file.name)
        elif cases:
            add_cases(session, review_id, cases)
    return Done(review_id, Changes(reviews=frozenset({review_id}), review_list=True))
