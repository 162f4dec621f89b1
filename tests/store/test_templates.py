import copy
from pathlib import Path

import pytest
from sqlmodel import select

from internkontroll.core import templates as core_templates
from internkontroll.store import templates as store_templates
from internkontroll.store.db import open_database
from internkontroll.store.models import Review, StoredTemplate
from internkontroll.store.reviews import create_review


def test_newer_shipped_version_is_added_and_old_reviews_keep_theirs(
        db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(db_path, write=True)
    with db.session() as session:
        old = create_review(session, "sip", "Apr -23", "2023-04-20")
    db.close()

    shipped = core_templates.shipped_templates()
    newer = copy.deepcopy(next(d for d in shipped if d["key"] == "sip"))
    first = int(newer["version"])
    newer["version"] = first + 1
    newer["title"] = "Samordnad individuell plan (SIP), ny version"
    monkeypatch.setattr(store_templates, "shipped_templates",
                        lambda: [newer if d["key"] == "sip" else d for d in shipped])

    for _ in range(2):  # a second open adds nothing more
        db = open_database(db_path, write=True)
        with db.session() as session:
            versions = session.exec(select(StoredTemplate.version, StoredTemplate.title)
                                    .where(StoredTemplate.key == "sip")
                                    .order_by(StoredTemplate.version)).all()
            assert [v for v, _ in versions] == [first, first + 1]
            kept = session.get(Review, old.id)
            assert kept is not None
            assert session.get(StoredTemplate, kept.template_id).version == first
            new = create_review(session, "sip", f"Nov -23 {_}", "2023-11-20")
            assert session.get(StoredTemplate, new.template_id).version == first + 1
        db.close()
