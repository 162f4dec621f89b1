"""A small review to score, the same in two databases, and the stored rows to compare."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sqlmodel import select

from internkontroll.store.db import open_database
from internkontroll.store.models import Assessment, Case, ReviewText
from tests.conftest import Cli, write_csv
from tests.servers import server_twin

EB = ("ansokan", "sjalvforsorjning", "aktanteckningar", "berakningar", "bedomning",
      "barnperspektiv", "beslut")


def new_review(cli: Cli, label: str = "Nov -22", when: str = "2022-11-17") -> int:
    return int(cli.ok("review", "new", "ekonomiskt-bistand", "--label", label, "--date",
                      when).strip())


def imported_review(cli: Cli, folder: Path, label: str = "Nov -22") -> int:
    """A review of ekonomiskt bistånd with ``assessment_file``'s six cases imported: ansökan
    is Helt (version 1) in each, beslut has no answer."""
    review = new_review(cli, label)
    cli.ok("review", "import", review, assessment_file(folder / f"{review}.csv"))
    return review


def assessment_file(path: Path, cases: int = 6) -> Path:
    """Cases with an ärendenummer each; every third has barn i hushållet left blank."""
    rows = [["lopnummer", "arende", "kon", "barn_i_hushallet", *EB[:2],
             "anteckning:sjalvforsorjning"]]
    for n in range(1, cases + 1):
        rows.append([str(n), f"EB-2022-{400 + n:04d}", ("kvinna", "man")[n % 2],
                     ("", "ja", "nej")[n % 3], "helt", ("delvis", "saknas")[n % 2],
                     "Plan saknas" if n % 2 else ""])
    return write_csv(path, rows)


def twin(db: Path | str, name: str) -> Path | str:
    """A second database like ``db``: a file beside it, or a copy on the same server."""
    if isinstance(db, str):
        return server_twin(db)
    other = db.with_name(name)
    shutil.copy(db, other)
    return other


def stored(db: Path, review_id: int) -> dict[str, Any]:
    """The review's cases, answers and texts as plain values, read through a fresh Database."""
    database = open_database(db, write=False)
    try:
        with database.session() as session:
            cases = session.exec(select(Case).where(Case.review_id == review_id)).all()
            by_id = {c.id: c.number for c in cases}
            answers = sorted(
                (by_id[a.case_id], a.item_key, a.option_key, a.note, a.by_rule)
                for a in session.exec(select(Assessment).where(
                    Assessment.case_id.in_(list(by_id)))))  # type: ignore[union-attr]
            texts = {t.key: t.value for t in session.exec(
                select(ReviewText).where(ReviewText.review_id == review_id))}
            return {"cases": sorted((c.number, c.role, c.reference, sorted(c.attributes.items()))
                                    for c in cases),
                    "answers": answers, "texts": texts}
    finally:
        database.close()
