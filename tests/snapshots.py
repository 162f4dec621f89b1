"""The schema snapshots (``tests/fixtures/schema-*.sqlite``, made by ``make_snapshot``) and what
each holds once upgraded to the newest schema: on a file, or copied into a server database of
its revision and upgraded there."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlmodel import Session

from internkontroll.store.audit import entries
from internkontroll.store.locking import stored_pdfs
from internkontroll.store.models import SamplingRecord
from internkontroll.store.results import full_result, result_document
from internkontroll.store.reviews import list_cases
from internkontroll.store.texts import get_settings, get_texts

FIXTURES = Path(__file__).parent / "fixtures"
SNAPSHOTS = sorted(FIXTURES.glob("schema-*.sqlite"))


def revision(snapshot: Path) -> str:
    return snapshot.stem.removeprefix("schema-")


def assert_data_intact(session: Session, snapshot: Path) -> None:
    """The upgraded snapshot's results, cases, texts, answer versions and stored PDF are those
    it was made with."""
    expected = json.loads(snapshot.with_suffix(".json").read_text(encoding="utf-8"))
    for key, document in expected.items():
        review_id, _, by = key.partition("/")  # "5/kon": the results --by kon
        assert result_document(full_result(session, int(review_id), by or None)) == document
    made = revision(snapshot)
    if made >= "0002":
        cases = list_cases(session, 3)
        assert [c.role for c in cases] == ["case"] * 8 + ["reserve"] * 2
        assert session.get(SamplingRecord, 3).seed == 5  # type: ignore[union-attr]
    if made >= "0003":
        assert get_settings(session) == {"kommun": "Exempelby kommun"}
        assert get_texts(session, 2) == {"sammanfattning": "God dokumentation.",
                                         "kommentar.ansokan": "Tydligt."}
    # Every answer stored before 0006 has version 1; from 0006 one was written twice.
    versions = {(c.number, k): v for c in list_cases(session, 2) for k, v in c.versions.items()}
    assert len(versions) == 26
    if made >= "0006":
        assert versions.pop((2, "ansokan")) == 2
    assert set(versions.values()) == {1}
    if made >= "0007":
        from internkontroll.store.assignees import assignees

        assert assignees(session, 2) == ["bo.ek"]
    if made >= "0004":
        pdfs = stored_pdfs(session, 4)
        assert len(pdfs) == 1 and pdfs[0].pdf.startswith(b"%PDF")
        assert hashlib.sha256(pdfs[0].pdf).hexdigest() == pdfs[0].sha256
        assert "lock" in {e.action for e in entries(session, 4)}
