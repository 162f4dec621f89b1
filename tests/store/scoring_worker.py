"""A scripted scoring run until killed: one answer per transaction, each printed after commit.

    python -m tests.store.scoring_worker DB REVIEW ROUND
"""

import sys
from pathlib import Path

from internkontroll.store.db import open_database
from internkontroll.store.reviews import get_review, list_cases
from internkontroll.store.scoring import save_answer

OPTIONS = ("helt", "delvis", "saknas")


def main() -> None:
    path, review_id, round_ = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    db = open_database(path, write=True)
    with db.session() as session:
        _, template = get_review(session, review_id)
        numbers = [c.number for c in list_cases(session, review_id) if c.role == "case"]
    step = 0
    while True:
        for number in numbers:
            for item in template.items:
                if item.applicable_when:
                    continue
                option = OPTIONS[(round_ + step) % len(OPTIONS)]
                step += 1
                with db.session() as session:
                    save_answer(session, review_id, number, item.key, option,
                                template=template)
                print(number, item.key, option, flush=True)  # committed


if __name__ == "__main__":
    main()
