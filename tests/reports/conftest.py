"""The example database of the three shipped templates, and each document the app writes of
it, made once for the tests of what the documents are as files."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs.make_examples import ekonomiskt_bistand, preliminary, run, sip, vardighetsgarantier

EB, VG, SIP = 4, 7, 10  # the example database's reviews of the three shipped templates
REDOVISNINGAR = {"ekonomiskt-bistand": EB, "vardighetsgarantier": VG, "sip": SIP}
INTERNAL = ("urvalsprotokoll", "avvikelser")
OTHERS = ("osakerhet", "preliminar")  # a redovisning with the appendix; one not yet klar
Examples = tuple[Path, dict[str, Path]]  # the database; each document by name (and .docx)


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Examples:
    """The example database, and each of its documents as the app writes it."""
    work = tmp_path_factory.mktemp("arkiv")
    db = work / "exempel.sqlite"
    run(db, "settings", "--set", "kommun=Exempelby kommun")
    assert [b(db, work) for b in (ekonomiskt_bistand, vardighetsgarantier, sip)] == [EB, VG, SIP]
    documents = {}
    for name, review in REDOVISNINGAR.items():
        documents[name] = work / f"{name}.pdf"
        documents[f"{name}.docx"] = work / f"{name}.docx"
        run(db, "report", review, "--out", documents[name])
        run(db, "report", review, "--out", documents[f"{name}.docx"])
    (work / "val.toml").write_text('osakerhet = "ja"\n', encoding="utf-8")
    run(db, "review", "texts", EB, "--from", work / "val.toml")  # the appendix on uncertainty
    documents["osakerhet"] = work / "osakerhet.pdf"
    run(db, "report", EB, "--out", documents["osakerhet"])
    (work / "val.toml").write_text('osakerhet = ""\n', encoding="utf-8")
    run(db, "review", "texts", EB, "--from", work / "val.toml")
    drawn = preliminary(db, work)  # not klar: marked on every page; drawn, so it has a record
    documents["preliminar"] = work / "preliminar.pdf"
    run(db, "report", drawn, "--out", documents["preliminar"])
    for kind in INTERNAL:
        documents[kind] = work / f"{kind}.pdf"
        run(db, "report", drawn, "--internal", kind, "--out", documents[kind])
    return db, documents
