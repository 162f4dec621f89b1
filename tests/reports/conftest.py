"""The example database of the three shipped templates, and each document the app writes of
it, made once for the tests of what the documents are as files."""

from __future__ import annotations

from pathlib import Path

import pytest

from docs.make_examples import ekonomiskt_bistand, preliminary, run, sip, vardighetsgarantier

EB, VG, SIP = 4, 7, 10  # the example database's reviews of the three shipped templates
REDOVISNINGAR = {"ekonomiskt-bistand": EB, "vardighetsgarantier": VG, "sip": SIP}
INTERNAL = ("urvalsprotokoll", "avvikelser")
# a redovisning with the appendix; one not yet klar; with a logo (RGBA, CMYK) and characters
# the font lacks
OTHERS = ("osakerhet", "preliminar", "logotyp", "cmyk")
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
    _with_logos(db, work, documents)
    drawn = preliminary(db, work)  # not klar: marked on every page; drawn, so it has a record
    documents["preliminar"] = work / "preliminar.pdf"
    run(db, "report", drawn, "--out", documents["preliminar"])
    for kind in INTERNAL:
        documents[kind] = work / f"{kind}.pdf"
        run(db, "report", drawn, "--internal", kind, "--out", documents[kind])
    return db, documents


def _with_logos(db: Path, work: Path, documents: dict[str, Path]) -> None:
    """The EB redovisning with a transparent PNG logo and a kommentar the embedded font cannot
    draw all of, and with a CMYK JPEG logo."""
    from PIL import Image

    Image.new("RGBA", (120, 40), (8, 48, 107, 128)).save(work / "logo.png")
    Image.new("CMYK", (120, 40), (200, 100, 0, 20)).save(work / "logo.jpg")
    (work / "text.toml").write_text(
        '[kommentar]\nansokan = "Rutinen → följs 😀 nu\u200b; ﬁnns i 9 av 10 ärenden."\n',
        encoding="utf-8")
    run(db, "review", "texts", EB, "--from", work / "text.toml")
    for name, logo in (("logotyp", "logo.png"), ("cmyk", "logo.jpg")):
        run(db, "settings", "--set", f"logo={work / logo}")
        documents[name] = work / f"{name}.pdf"
        run(db, "report", EB, "--out", documents[name])
    run(db, "settings", "--set", "logo=")
    (work / "text.toml").write_text('[kommentar]\nansokan = ""\n', encoding="utf-8")
    run(db, "review", "texts", EB, "--from", work / "text.toml")
